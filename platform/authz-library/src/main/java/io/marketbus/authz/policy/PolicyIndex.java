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
import java.util.Optional;
import java.util.Set;

/**
 * One subject's policies on the resource types a service owns, indexed for checks.
 *
 * <p>{@link #allows} probes one flat open-addressing table keyed by (type, action, id): the exact
 * request first, then the wildcard shapes the subject actually has ({@code action:*}, {@code *:id},
 * {@code *:*}), at most four probes. The probe hash is combined from the request strings' own
 * (cached) hash codes, so a check allocates nothing; a miss reads one small {@code int[]}, and a hit
 * is confirmed by comparing the three strings (types and actions are interned when indexed, so
 * theirs are shared and stay in cache). {@link #visibleIds} returns precomputed values.
 *
 * <p>Immutable and thread-safe. Policies of types the service does not own are left out, so a
 * check on such a type is denied. An index without policies is a valid value: a subject with no
 * policies is cached like any other. All arguments must be non-null.
 */
public final class PolicyIndex {

    /** Shapes of policies, one bit each, so that probes for absent shapes are skipped. */
    private static final int EXACT = 1;
    private static final int ANY_ID = 2;
    private static final int ANY_ACTION = 4;
    private static final int ANY_ACTION_ANY_ID = 8;

    private static final int WILDCARD_HASH = Policy.WILDCARD.hashCode();

    private final String subject;
    private final Set<String> ownedTypes;
    private final Set<Policy> policies;

    /** The shapes present: {@link #EXACT} | {@link #ANY_ID} | .... */
    private final int shapes;

    private final int mask;

    /**
     * Per slot, the hash of its key (never 0), or 0 when the slot is empty. At most half of the
     * slots are used, so a miss ends after about one probe.
     */
    private final int[] hashes;

    /** Per slot, its key: type, action and id, at {@code 3 * slot}. */
    private final String[] keys;

    private final Map<String, TypeVisibility> visibilityByType;

    private PolicyIndex(String subject, Set<String> ownedTypes, Set<Policy> policies) {
        this.subject = subject;
        this.ownedTypes = ownedTypes;
        this.policies = policies;

        int capacity = Math.max(2, Integer.highestOneBit(Math.max(1, policies.size()) * 2 - 1) << 1);
        int[] table = new int[capacity];
        String[] parts = new String[3 * capacity];
        int shapesPresent = 0;
        for (Policy policy : policies) {
            shapesPresent |= shapeOf(policy);
            int hash = hash(
                    policy.resourceType().hashCode(), policy.action().hashCode(), policy.resourceId().hashCode());
            int slot = hash & (capacity - 1);
            while (table[slot] != 0) {
                slot = (slot + 1) & (capacity - 1);
            }
            table[slot] = hash;
            // Few distinct types and actions exist: one shared instance each.
            parts[3 * slot] = policy.resourceType().intern();
            parts[3 * slot + 1] = policy.action().intern();
            parts[3 * slot + 2] = policy.anyResourceId() ? Policy.WILDCARD : policy.resourceId();
        }
        this.shapes = shapesPresent;
        this.mask = capacity - 1;
        this.hashes = table;
        this.keys = parts;

        Map<String, List<Policy>> byType = new HashMap<>();
        for (Policy policy : policies) {
            byType.computeIfAbsent(policy.resourceType(), t -> new ArrayList<>()).add(policy);
        }
        Map<String, TypeVisibility> visibility = new HashMap<>();
        byType.forEach((type, ofType) -> visibility.put(type, TypeVisibility.of(ofType)));
        this.visibilityByType = Map.copyOf(visibility);
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
        int shapes = this.shapes;
        if (shapes == 0) {
            return false;
        }
        int type = resourceType.hashCode();
        int act = action.hashCode();
        int id = resourceId.hashCode();
        return ((shapes & EXACT) != 0 && contains(hash(type, act, id), resourceType, action, resourceId))
                || ((shapes & ANY_ID) != 0
                        && contains(hash(type, act, WILDCARD_HASH), resourceType, action, Policy.WILDCARD))
                || ((shapes & ANY_ACTION) != 0
                        && contains(hash(type, WILDCARD_HASH, id), resourceType, Policy.WILDCARD, resourceId))
                || ((shapes & ANY_ACTION_ANY_ID) != 0
                        && contains(
                                hash(type, WILDCARD_HASH, WILDCARD_HASH),
                                resourceType,
                                Policy.WILDCARD,
                                Policy.WILDCARD));
    }

    /**
     * The policy that grants {@code action} on {@code resourceType}/{@code resourceId}, the most
     * specific one: exact, else any id ({@code action:*}), else any action ({@code *:id}), else
     * {@code *:*}. Empty exactly when {@link #allows} is false. For authzsvc's check endpoint, which
     * names the policy; {@link #allows} is the allocation-free path.
     */
    public Optional<Policy> grantingPolicy(String action, String resourceType, String resourceId) {
        // The probes of allows in its order, but none skipped by shape: a request may itself name
        // '*', and then only this order finds the most specific policy first.
        String[] actions = {action, action, Policy.WILDCARD, Policy.WILDCARD};
        String[] ids = {resourceId, Policy.WILDCARD, resourceId, Policy.WILDCARD};
        int type = resourceType.hashCode();
        for (int i = 0; i < actions.length; i++) {
            if (contains(hash(type, actions[i].hashCode(), ids[i].hashCode()), resourceType, actions[i], ids[i])) {
                return Optional.of(new Policy(subject, actions[i], resourceType, ids[i]));
            }
        }
        return Optional.empty();
    }

    /**
     * The ids of {@code resourceType} on which {@code action} is granted: {@link VisibleIds#all()}
     * when a policy grants it on id {@code *}, else the union of the ids granted for {@code action}
     * and for action {@code *}.
     */
    public VisibleIds visibleIds(String action, String resourceType) {
        TypeVisibility visibility = visibilityByType.get(resourceType);
        return visibility != null ? visibility.visibleIds(action) : VisibleIds.none();
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

    private boolean contains(int hash, String type, String action, String id) {
        int[] table = hashes;
        int slot = hash & mask;
        int stored;
        while ((stored = table[slot]) != 0) {
            if (stored == hash) {
                String[] parts = keys;
                if (parts[3 * slot].equals(type) && parts[3 * slot + 1].equals(action) && parts[3 * slot + 2].equals(id)) {
                    return true;
                }
            }
            slot = (slot + 1) & mask;
        }
        return false;
    }

    /** Mixes the three components' hash codes; a murmur-style finish spreads them into the low bits. */
    private static int hash(int type, int action, int id) {
        int h = type * 0x9E3779B1;
        h = (h ^ action) * 0x85EBCA77;
        h = (h ^ id) * 0xC2B2AE3D;
        h ^= h >>> 16;
        return h != 0 ? h : 1; // 0 marks an empty slot
    }

    private static int shapeOf(Policy policy) {
        if (policy.anyAction()) {
            return policy.anyResourceId() ? ANY_ACTION_ANY_ID : ANY_ACTION;
        }
        return policy.anyResourceId() ? ANY_ID : EXACT;
    }

    @Override
    public String toString() {
        return "PolicyIndex[" + subject + ", " + policies.size() + " policies]";
    }
}
