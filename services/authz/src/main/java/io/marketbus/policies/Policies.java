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

    /** The subject's policies (of the given types, or all), with the revision they reflect. */
    PolicySnapshot of(String subject, Collection<String> types) {
        PolicySnapshot all = cache.get(subject, store::snapshot);
        if (types.isEmpty()) {
            return all;
        }
        return new PolicySnapshot(all.policies().stream().filter(p -> types.contains(p.resourceType())).toList(),
                all.revision());
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
