package io.marketbus.authz.policy;

import io.marketbus.authz.VisibleIds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One subject's policies on the resource types a service owns, indexed for checks: resource type
 * → grants, where the grants keep the wildcard shapes ({@code *:*}, {@code action:*}, {@code
 * *:id}) apart from the exact action → ids sets. {@link #allows} is a few hash probes and
 * allocates nothing; {@link #visibleIds} returns precomputed values.
 *
 * <p>Immutable and thread-safe. Policies of types the service does not own are left out, so a
 * check on such a type is denied. An index without policies is a valid value: a subject with no
 * policies is cached like any other. All arguments must be non-null.
 */
public final class PolicyIndex {

    private final String subject;
    private final Set<String> ownedTypes;
    private final Set<Policy> policies;
    private final Map<String, TypeGrants> grantsByType;

    private PolicyIndex(String subject, Set<String> ownedTypes, Set<Policy> policies) {
        this.subject = subject;
        this.ownedTypes = ownedTypes;
        this.policies = policies;
        Map<String, List<Policy>> byType = new HashMap<>();
        for (Policy policy : policies) {
            byType.computeIfAbsent(policy.resourceType(), t -> new ArrayList<>()).add(policy);
        }
        Map<String, TypeGrants> grants = new HashMap<>();
        byType.forEach((type, ofType) -> grants.put(type, TypeGrants.of(ofType)));
        this.grantsByType = Map.copyOf(grants);
    }

    /** An index granting nothing. */
    public static PolicyIndex empty(String subject, Set<String> ownedTypes) {
        return of(subject, ownedTypes, List.of());
    }

    /**
     * Indexes the policies of {@code subject} whose type is in {@code ownedTypes}; policies of other
     * types are ignored.
     *
     * @throws IllegalArgumentException when a policy belongs to another subject (a misbehaving
     *     policy source must not hand one subject's rights to another)
     */
    public static PolicyIndex of(
            String subject, Set<String> ownedTypes, Collection<Policy> policies) {
        Objects.requireNonNull(subject, "subject");
        Set<String> owned = Set.copyOf(ownedTypes);
        Set<Policy> kept = new LinkedHashSet<>();
        for (Policy policy : policies) {
            if (!policy.subject().equals(subject)) {
                throw new IllegalArgumentException(
                        "policy " + policy + " is not of subject " + subject);
            }
            if (owned.contains(policy.resourceType())) {
                kept.add(policy);
            }
        }
        return new PolicyIndex(subject, owned, Collections.unmodifiableSet(kept));
    }

    /** Whether some policy grants {@code action} on {@code resourceType}/{@code resourceId}. */
    public boolean allows(String action, String resourceType, String resourceId) {
        TypeGrants grants = grantsByType.get(resourceType);
        return grants != null && grants.allows(action, resourceId);
    }

    /**
     * The ids of {@code resourceType} on which {@code action} is granted: {@link VisibleIds#all()}
     * when a policy grants it on id {@code *}, else the union of the ids granted for {@code action}
     * and for action {@code *}.
     */
    public VisibleIds visibleIds(String action, String resourceType) {
        TypeGrants grants = grantsByType.get(resourceType);
        return grants != null ? grants.visibleIds(action) : VisibleIds.none();
    }

    /**
     * This index with {@code change} applied (policy added or removed), or this index when the
     * change does not alter it (type not owned, already present/absent). The revision is the
     * caller's business.
     */
    public PolicyIndex applying(PolicyChange change) {
        Policy policy = change.policy();
        if (!policy.subject().equals(subject)) {
            throw new IllegalArgumentException("change " + change + " is not of subject " + subject);
        }
        if (!ownedTypes.contains(policy.resourceType())) {
            return this;
        }
        boolean present = policies.contains(policy);
        boolean put = change.method() == PolicyChange.Method.PUT;
        if (present == put) {
            return this;
        }
        Set<Policy> next = new LinkedHashSet<>(policies);
        if (put) {
            next.add(policy);
        } else {
            next.remove(policy);
        }
        return new PolicyIndex(subject, ownedTypes, Collections.unmodifiableSet(next));
    }

    public String subject() {
        return subject;
    }

    /** The indexed policies (only those of owned types), unmodifiable. */
    public Set<Policy> policies() {
        return policies;
    }

    /** The resource types this index was restricted to. */
    public Set<String> ownedTypes() {
        return ownedTypes;
    }

    public boolean isEmpty() {
        return policies.isEmpty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PolicyIndex that
                && subject.equals(that.subject)
                && ownedTypes.equals(that.ownedTypes)
                && policies.equals(that.policies);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, ownedTypes, policies);
    }

    @Override
    public String toString() {
        return "PolicyIndex[" + subject + ", " + policies.size() + " policies]";
    }
}
