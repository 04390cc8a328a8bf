package io.marketbus.authz.policy;

import java.util.Objects;

/**
 * One committed change of the policy store, as event-policy-updated carries it: {@code policy}
 * was added ({@link Method#PUT}) or removed ({@link Method#DELETE}), and the store's global
 * revision after the change is {@code revision}. Revisions are gapless and increasing, so a cache
 * can order changes and notice lost ones.
 */
public record PolicyChange(Method method, Policy policy, long revision) {

    /** What happened to the policy. */
    public enum Method {
        /** The policy was added (or kept). */
        PUT,
        /** The policy was removed. */
        DELETE
    }

    public PolicyChange {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(policy, "policy");
    }

    /** {@code policy} was added at {@code revision}. */
    public static PolicyChange put(Policy policy, long revision) {
        return new PolicyChange(Method.PUT, policy, revision);
    }

    /** {@code policy} was removed at {@code revision}. */
    public static PolicyChange delete(Policy policy, long revision) {
        return new PolicyChange(Method.DELETE, policy, revision);
    }

    /** The subject whose policies changed. */
    public String subject() {
        return policy.subject();
    }
}
