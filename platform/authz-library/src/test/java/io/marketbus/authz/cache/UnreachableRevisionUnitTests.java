package io.marketbus.authz.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import org.junit.jupiter.api.Test;

/**
 * A revision the policy store never reaches (a forged or corrupt event-policy-updated with revision
 * 2^63-1) does not lock the cache: the next load that cannot reach it resets the cache and reloads,
 * and genuine changes apply again afterwards.
 */
class UnreachableRevisionUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource store = new InMemoryPolicySource("1:get:orders:a", "2:get:orders:b");

    @Test
    void anImpossibleRevisionResetsTheCacheInsteadOfRefusingEveryLoad() {
        CachingAuthorizer cache = ManuallySweptCache.builder(store, ticker).build();
        assertThat(cache.check("1", "get", "orders", "a")).isTrue();
        cache.apply(store.put("3:get:orders:c"));

        cache.apply(PolicyChange.put(Policy.parse("1:get:orders:forged"), Long.MAX_VALUE));

        assertThat(cache.check("2", "get", "orders", "b")).as("a load after it").isTrue();
        assertThat(cache.unreachableRevisionResets()).isEqualTo(1);
        assertThat(cache.check("1", "get", "orders", "forged")).as("the forged grant went with the reset").isFalse();
        assertThat(cache.check("1", "get", "orders", "a")).isTrue();

        cache.apply(store.delete("1:get:orders:a"));
        assertThat(cache.check("1", "get", "orders", "a")).as("a genuine revocation afterwards").isFalse();
        assertThat(cache.unreachableRevisionResets()).isEqualTo(1);
    }

    /**
     * authzsvc answers an unchanged subject from its own cache, with the revision it read it at:
     * older than other subjects' later changes, yet current for that subject. Such a read is
     * installed (only the subject's own changes and gaps set its floor), and nothing is reset.
     */
    @Test
    void aReadOlderThanOtherSubjectsChangesIsCurrentForItsOwnSubject() {
        PolicySource answeringFromItsCache = (subject, types) -> subject.equals("2")
                ? new PolicySnapshot(java.util.List.of(Policy.parse("2:get:orders:b")), 1)
                : store.load(subject, types);
        CachingAuthorizer cache = ManuallySweptCache.builder(answeringFromItsCache, ticker).build();
        cache.apply(store.put("1:get:orders:x"));
        cache.apply(store.put("1:get:orders:y"));

        assertThat(cache.check("2", "get", "orders", "b")).isTrue();
        assertThat(cache.unreachableRevisionResets()).isZero();
    }
}
