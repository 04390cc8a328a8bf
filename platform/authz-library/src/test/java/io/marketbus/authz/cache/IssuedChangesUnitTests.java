package io.marketbus.authz.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes: what this service issued is honoured on top of the cache until this instance
 * has applied the store's confirmation; from then on the cache alone decides, so a newer change
 * (an administrator's revocation) is never undone by the overlay.
 */
class IssuedChangesUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource store = new InMemoryPolicySource();
    /** The issued changes every instance of the service shares (its database, in the adapter). */
    private final List<IssuedChange> issued = new CopyOnWriteArrayList<>();

    private CachingAuthorizer instance() {
        return ManuallySweptCache.builder(store, ticker).issuedChanges(subject -> issued.stream()
                .filter(c -> c.policy().subject().equals(subject)).toList(), Duration.ofMinutes(15)).build();
    }

    private void issue(CachingAuthorizer by, PolicyChange.Method method, String policy) {
        issued.add(new IssuedChange(method, Policy.parse(policy), by.receivedRevision()));
    }

    @Test
    void aGrantIsHonouredOnEveryInstanceBeforeTheStoreConfirmsIt() {
        CachingAuthorizer first = instance();
        CachingAuthorizer second = instance();
        assertThat(first.check("7", "get", "orders", "o1")).isFalse(); // cached, without the grant

        issue(first, PolicyChange.Method.PUT, "7:get:orders:o1");

        assertThat(first.check("7", "get", "orders", "o1")).isTrue();
        assertThat(second.check("7", "get", "orders", "o1")).as("never loaded there before").isTrue();
        assertThat(second.visibleIds("7", "get", "orders")).isEqualTo(VisibleIds.only(java.util.Set.of("o1")));
        assertThat(first.check("7", "get", "orders", "o2")).isFalse();
        assertThat(first.check("8", "get", "orders", "o1")).as("another subject").isFalse();
    }

    @Test
    void onceConfirmedTheCacheDecidesSoALaterRevocationIsNotUndone() {
        CachingAuthorizer instance = instance();
        instance.check("7", "get", "orders", "o1");
        issue(instance, PolicyChange.Method.PUT, "7:get:orders:o1");
        instance.apply(store.put("7:get:orders:o1"));           // the store's confirmation

        instance.apply(store.delete("7:get:orders:o1"));        // an administrator revokes it

        assertThat(instance.check("7", "get", "orders", "o1")).isFalse();
    }

    @Test
    void aConfirmationOfAnOlderChangeDoesNotEndTheOverlay() {
        CachingAuthorizer instance = instance();
        instance.apply(store.put("7:get:orders:o1"));
        instance.apply(store.delete("7:get:orders:o1"));        // both before the issue

        issue(instance, PolicyChange.Method.PUT, "7:get:orders:o1");

        assertThat(instance.check("7", "get", "orders", "o1")).isTrue();
    }

    @Test
    void aRemovalIssuedByTheServiceIsRefusedAtOnceOnEveryInstance() {
        store.put("7:cancel:orders:o1");
        CachingAuthorizer first = instance();
        CachingAuthorizer second = instance();
        assertThat(first.check("7", "cancel", "orders", "o1")).isTrue();
        assertThat(second.check("7", "cancel", "orders", "o1")).isTrue();

        issue(first, PolicyChange.Method.DELETE, "7:cancel:orders:o1");

        assertThat(first.check("7", "cancel", "orders", "o1")).isFalse();
        assertThat(second.check("7", "cancel", "orders", "o1")).isFalse();
    }

    @Test
    void changesOfTypesTheServiceDoesNotOwnAreNotOverlaid() {
        CachingAuthorizer instance = instance();

        issue(instance, PolicyChange.Method.PUT, "7:get:accounts:7");

        assertThat(instance.check("7", "get", "accounts", "7")).isFalse();
    }

    @Test
    void whereTheServiceRevokesNothingAnAllowReadsNoIssuedChangesAndADenyStillHonoursAGrant() {
        store.put("7:get:orders:o1");
        AtomicInteger reads = new AtomicInteger();
        CachingAuthorizer instance = ManuallySweptCache.builder(store, ticker).issuedChanges(subject -> {
            reads.incrementAndGet();
            return issued.stream().filter(c -> c.policy().subject().equals(subject)).toList();
        }, Duration.ofMinutes(15), Set.of()).build();
        issue(instance, PolicyChange.Method.PUT, "7:get:orders:o2");

        assertThat(instance.check("7", "get", "orders", "o1")).isTrue();
        assertThat(reads).as("an allow that no grant can undo").hasValue(0);
        assertThat(instance.check("7", "get", "orders", "o2")).as("the cache denies, the pending grant allows").isTrue();
        assertThat(instance.check("7", "get", "orders", "o3")).isFalse();
        assertThat(reads).hasValue(2);
        assertThat(instance.stats().hitCount()).as("a miss, then one hit per check though a deny reads the index twice").isEqualTo(2);
    }

    @Test
    void revokedTypesMustBeOwned() {
        assertThatThrownBy(() -> ManuallySweptCache.builder(store, ticker)
                .issuedChanges(subject -> List.of(), Duration.ofMinutes(15), Set.of("accounts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accounts");
    }
}
