package io.marketbus.authz.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * issue 11 item 9: an instance cut off from the bus hears of no revocation. Within the partition
 * bound it serves its entries; past it, it trusts none and reads the policy store for every
 * decision, until the link is back and it has started over.
 */
class PartitionUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource store = InMemoryPolicySource.ofFixture("orders-basic");
    private final AtomicBoolean connected = new AtomicBoolean(true);

    private CachingAuthorizer cache() {
        return ManuallySweptCache.builder(store, ticker)
                .updatesConnected(connected::get)
                .partitionBound(Duration.ofSeconds(30))
                .build();
    }

    private void elapse(CachingAuthorizer cache, Duration duration) {
        ticker.advance(duration);
        cache.sweep();
    }

    @Test
    void aRevocationTheInstanceNeverHearsOfIsRefusedOnceThePartitionBoundHasPassed() {
        CachingAuthorizer cache = cache();
        assertThat(cache.check("10", "get", "orders", "15")).isTrue();

        connected.set(false);
        elapse(cache, Duration.ofSeconds(1));
        store.delete("10:get:orders:15"); // revoked; the event never reaches this instance

        elapse(cache, Duration.ofSeconds(28));
        assertThat(cache.check("10", "get", "orders", "15")).as("within the bound: the cached entry").isTrue();
        assertThat(cache.partitioned()).isFalse();

        elapse(cache, Duration.ofSeconds(2));
        assertThat(cache.partitioned()).isTrue();
        int loads = store.loads("10");
        assertThat(cache.check("10", "get", "orders", "15")).as("past the bound: read at the store").isFalse();
        assertThat(cache.check("10", "get", "orders", "16")).isTrue();
        assertThat(store.loads("10")).as("every decision reads the store").isEqualTo(loads + 2);
        assertThat(cache.cachedSubjects()).isZero();
    }

    @Test
    void partitionedAndTheStoreUnreachableIsUnavailableNeverAllowed() {
        CachingAuthorizer cache = cache();
        assertThat(cache.check("10", "get", "orders", "16")).isTrue();
        connected.set(false);
        elapse(cache, Duration.ofSeconds(1)); // seen down
        elapse(cache, Duration.ofSeconds(30));
        store.goDown();

        assertThatThrownBy(() -> cache.check("10", "get", "orders", "16"))
                .isInstanceOf(AuthorizationUnavailableException.class);
    }

    @Test
    void whenTheLinkIsBackTheCacheStartsOverAndServesFromItsEntriesAgain() {
        CachingAuthorizer cache = cache();
        cache.check("10", "get", "orders", "16");
        connected.set(false);
        elapse(cache, Duration.ofSeconds(1)); // seen down
        elapse(cache, Duration.ofSeconds(30));
        assertThat(cache.partitioned()).isTrue();

        connected.set(true);
        elapse(cache, Duration.ofSeconds(1));

        assertThat(cache.partitioned()).isFalse();
        int loads = store.loads("10");
        assertThat(cache.check("10", "get", "orders", "16")).isTrue();
        assertThat(cache.check("10", "get", "orders", "16")).isTrue();
        assertThat(store.loads("10")).as("one load, then hits").isEqualTo(loads + 1);
    }

    @Test
    void shortOutagesDoNotAddUp() {
        CachingAuthorizer cache = cache();
        cache.check("10", "get", "orders", "16");
        for (int i = 0; i < 3; i++) {
            connected.set(false);
            elapse(cache, Duration.ofSeconds(20));
            connected.set(true);
            elapse(cache, Duration.ofSeconds(1));
        }
        assertThat(cache.partitioned()).isFalse();
        assertThat(cache.cachedSubjects()).isEqualTo(1);
    }

    @Test
    void withoutALinkToWatchTheCacheNeverPartitions() {
        CachingAuthorizer cache = ManuallySweptCache.builder(store, ticker).build();
        cache.check("10", "get", "orders", "16");
        elapse(cache, Duration.ofSeconds(59));
        assertThat(cache.partitioned()).isFalse();
        assertThat(cache.cachedSubjects()).isEqualTo(1);
    }
}
