package io.marketbus.authz.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * issue 11 item 6: deletion is final in the cache too. A deleted subject is served nothing: not
 * what a source that missed the deletion still has, not a grant event that arrives after it, not a
 * grant this service issued for it.
 */
class DeletedSubjectsUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource store = InMemoryPolicySource.ofFixture("orders-basic");
    private final List<IssuedChange> issued = new CopyOnWriteArrayList<>();

    private CachingAuthorizer cache() {
        return ManuallySweptCache.builder(store, ticker).issuedChanges(subject -> issued.stream()
                .filter(c -> c.policy().subject().equals(subject)).toList(), Duration.ofMinutes(15)).build();
    }

    @Test
    void aDeletedSubjectIsServedNothingWhateverArrivesLater() {
        CachingAuthorizer cache = cache();
        assertThat(cache.check("10", "get", "orders", "15")).isTrue();

        cache.subjectDeleted("10");
        // The source still has them (say, the deletion has not reached it yet), a grant event
        // arrives, and this service issued a grant for the subject after the deletion.
        cache.apply(store.put("10:get:orders:99"));
        issued.add(new IssuedChange(PolicyChange.Method.PUT, Policy.parse("10:get:orders:98"), cache.receivedRevision()));
        ticker.advance(Duration.ofMinutes(2));
        cache.sweep(); // refresh due

        assertThat(cache.check("10", "get", "orders", "15")).isFalse();
        assertThat(cache.check("10", "get", "orders", "99")).isFalse();
        assertThat(cache.check("10", "get", "orders", "98")).isFalse();
        assertThat(cache.visibleIds("10", "get", "orders")).isEqualTo(VisibleIds.none());
        assertThat(cache.check("11", "get", "orders", "20")).as("other subjects").isTrue();
    }

    @Test
    void aGrantEventStillCountsForTheRevisions() {
        CachingAuthorizer cache = cache();
        cache.check("11", "get", "orders", "20");
        cache.subjectDeleted("10");
        cache.apply(store.put("10:get:orders:99"));
        cache.apply(store.delete("11:get:orders:*"));

        // No gap was seen: 11's entry took the revocation rather than being dropped and reloaded.
        assertThat(cache.receivedRevision()).isEqualTo(store.revision());
        assertThat(cache.check("11", "get", "orders", "21")).isFalse();
    }

    @Test
    void theTombstoneOutlastsTheStalenessBoundAndTheIssuedChangesTime() {
        CachingAuthorizer cache = cache();
        cache.subjectDeleted("10");
        ticker.advance(Duration.ofMinutes(14));
        cache.sweep();
        assertThat(cache.check("10", "get", "orders", "15")).isFalse();
    }
}
