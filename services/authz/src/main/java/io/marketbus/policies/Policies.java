package io.marketbus.policies;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyIndex;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/** What the HTTP API and the event handlers do with policies: reads through the cache, changes through the store. */
@Service
class Policies {

    private final PolicyStore store;
    private final SubjectPolicies cache;

    Policies(PolicyStore store, SubjectPolicies cache) {
        this.store = store;
        this.cache = cache;
    }

    /**
     * The subject's policies (of the given types, or all), with the revision they reflect: the
     * store's current revision when the cached set is still current. The caches compare it with the
     * revisions they have received, so an unchanged subject's answer must not carry the old revision
     * it was cached at, or a cache that has seen later changes of others (a gap, say) would refuse
     * it for ever. The numbers are read first: a set cached at or after the subject's last change
     * (as of that read) reflects everything of the subject up to the current revision then.
     */
    PolicySnapshot of(String subject, Collection<String> types) {
        PolicyStore.Revisions now = store.revisions(subject);
        PolicySnapshot all = cache.get(subject, store::snapshot);
        if (all.revision() < now.subjectChanged()) {
            // Cached before a change whose invalidation has not reached this instance yet.
            cache.invalidate(subject);
            all = cache.get(subject, store::snapshot);
        }
        long revision = Math.max(all.revision(), now.current());
        List<Policy> policies = types.isEmpty()
                ? all.policies()
                : all.policies().stream().filter(p -> types.contains(p.resourceType())).toList();
        return new PolicySnapshot(policies, revision);
    }

    void warmUp(String subject) {
        cache.get(subject, store::snapshot);
    }

    /** Grants a policy by a bus command with this authzsvc stream sequence (its order of receipt). */
    Optional<Long> upsert(Policy policy, long commandSequence) {
        return store.upsert(policy, commandSequence);
    }

    Optional<Long> remove(Policy policy, long commandSequence) {
        return store.remove(policy, commandSequence);
    }

    /** Grants a policy now, over HTTP: in commit order, after every command applied so far. */
    Optional<Long> upsertNow(Policy policy) {
        return store.upsert(policy, PolicyStore.BY_COMMIT);
    }

    Optional<Long> removeNow(Policy policy) {
        return store.remove(policy, PolicyStore.BY_COMMIT);
    }

    int removeAll(String subject) {
        return store.removeAll(subject);
    }

    /** The account of {@code subject} was deleted: its policies go, and none is granted to it again. */
    int delete(String subject) {
        return store.delete(subject);
    }

    long revision() {
        return store.currentRevision();
    }

    /**
     * The decision for one request and the policy that grants it, if any, by the library's matching
     * rule ({@link PolicyIndex}, the one every service's cache applies); exact grants win over wildcards.
     */
    Decision check(String subject, String action, String type, String id) {
        PolicyIndex index = PolicyIndex.of(subject, Set.of(type), of(subject, List.of(type)).policies());
        Optional<Policy> granting = index.grantingPolicy(action, type, id);
        return new Decision(granting.isPresent(), granting.orElse(null));
    }

    record Decision(boolean allowed, Policy matched) {}
}
