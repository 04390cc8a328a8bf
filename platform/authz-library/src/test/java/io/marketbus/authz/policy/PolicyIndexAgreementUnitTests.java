package io.marketbus.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.VisibleIds;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The index against the matching rule written as plainly as possible (a scan of the policy list),
 * on thousands of seeded random policy sets. Alphabets are tiny so that wildcards, duplicates, hash
 * collisions of the flat table and overlaps happen in most sets; requests also use values outside
 * the alphabets and the literal {@code *}.
 *
 * <p>A failure names the seed and the set, shrunk to the fewest policies that still disagree. To
 * replay one seed: {@code -Dauthz.index.seed=<seed>} (it is then the only seed run).
 */
class PolicyIndexAgreementUnitTests {

    private static final String SUBJECT = "10";
    private static final Set<String> OWNED = Set.of("orders", "items");
    private static final List<String> ACTIONS = List.of("get", "cancel", "ship", "refund", "*");
    private static final List<String> TYPES = List.of("orders", "items", "payments");
    private static final List<String> IDS = List.of("1", "2", "3", "4", "*");
    /** Requests may also name what no policy does. */
    private static final List<String> REQUEST_ACTIONS = List.of("get", "cancel", "ship", "refund", "*", "list");
    private static final List<String> REQUEST_TYPES = List.of("orders", "items", "payments", "invoices");
    private static final List<String> REQUEST_IDS = List.of("1", "2", "3", "4", "*", "5", "11");

    /** Fixed seeds, so a run is repeatable; {@link #seeds()} adds a few derived ones. */
    private static final long[] FIXED_SEEDS = {
        1L, 7L, 42L, 20_240_611L, 0xC0FFEEL, 0xDEADBEEFL, 31_337L, 9_001L, 123_456_789L, 2L
    };

    private static final int DERIVED_SEEDS = 4;
    private static final int SETS_PER_SEED = 300;
    private static final int CHECKS_PER_SET = 40;
    private static final int MAX_POLICIES = 14;

    record Request(String action, String resourceType, String resourceId) {
        @Override
        public String toString() {
            return action + ":" + resourceType + ":" + resourceId;
        }
    }

    static List<Long> seeds() {
        String replay = System.getProperty("authz.index.seed");
        if (replay != null && !replay.isBlank()) {
            return List.of(Long.parseLong(replay.strip()));
        }
        List<Long> seeds = new ArrayList<>();
        for (long seed : FIXED_SEEDS) {
            seeds.add(seed);
        }
        SplittableRandom derive = new SplittableRandom(FIXED_SEEDS[3]);
        for (int i = 0; i < DERIVED_SEEDS; i++) {
            seeds.add(derive.nextLong());
        }
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void allowsAgreesWithAListScan(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int checks = 0;
        for (int set = 0; set < SETS_PER_SEED; set++) {
            List<Policy> policies = randomPolicies(random);
            PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, policies);
            List<Request> requests = new ArrayList<>();
            for (int i = 0; i < CHECKS_PER_SET; i++) {
                requests.add(randomRequest(random));
            }
            // Plus every request over the policy alphabets, so no shape is left to chance.
            for (String action : ACTIONS) {
                for (String type : TYPES) {
                    for (String id : IDS) {
                        requests.add(new Request(action, type, id));
                    }
                }
            }
            for (Request r : requests) {
                checks++;
                if (allowsDisagrees(index, policies, r)) {
                    List<Policy> minimal = shrink(policies, ps -> allowsDisagrees(PolicyIndex.of(SUBJECT, OWNED, ps), ps, r));
                    throw new AssertionError(String.format(
                            "seed %d, set %d: check %s is %s by the index but %s by the rule;"
                                    + " minimal policies %s (of %s)",
                            seed, set, r, verdict(PolicyIndex.of(SUBJECT, OWNED, minimal).allows(
                                    r.action(), r.resourceType(), r.resourceId())),
                            verdict(referenceAllows(minimal, r)), minimal, policies));
                }
            }
        }
        assertThat(checks).isGreaterThanOrEqualTo(SETS_PER_SEED * CHECKS_PER_SET);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void visibleIdsAgreeWithAListScan(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int set = 0; set < SETS_PER_SEED; set++) {
            List<Policy> policies = randomPolicies(random);
            PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, policies);
            for (String action : REQUEST_ACTIONS) {
                for (String type : REQUEST_TYPES) {
                    if (visibleDisagrees(index, policies, action, type)) {
                        List<Policy> minimal = shrink(
                                policies, ps -> visibleDisagrees(PolicyIndex.of(SUBJECT, OWNED, ps), ps, action, type));
                        throw new AssertionError(String.format(
                                "seed %d, set %d: visibleIds(%s, %s) is %s by the index but %s by the rule;"
                                        + " minimal policies %s (of %s)",
                                seed, set, action, type, PolicyIndex.of(SUBJECT, OWNED, minimal).visibleIds(action, type),
                                referenceVisibleIds(minimal, action, type), minimal, policies));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void applyingChangesEqualsIndexingTheChangedSet(long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        for (int set = 0; set < SETS_PER_SEED / 3; set++) {
            List<Policy> initial = randomPolicies(random);
            PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, initial);
            Set<Policy> expected = new LinkedHashSet<>(initial);
            List<PolicyChange> changes = new ArrayList<>();
            int count = random.nextInt(MAX_POLICIES + 1);
            for (int i = 0; i < count; i++) {
                // Half of the changes touch a policy of the set, so deletes often remove something.
                Policy policy = !initial.isEmpty() && random.nextBoolean()
                        ? initial.get(random.nextInt(initial.size()))
                        : randomPolicy(random);
                PolicyChange.Method method =
                        random.nextBoolean() ? PolicyChange.Method.PUT : PolicyChange.Method.DELETE;
                PolicyChange change = new PolicyChange(method, policy, i + 2L);
                changes.add(change);
                index = index.applying(change);
                if (method == PolicyChange.Method.PUT) {
                    expected.add(policy);
                } else {
                    expected.remove(policy);
                }
            }

            PolicyIndex rebuilt = PolicyIndex.of(SUBJECT, OWNED, expected);
            String where = String.format("seed %d, set %d: %s after %s", seed, set, initial, changes);
            assertThat(index).as(where).isEqualTo(rebuilt);
            for (String action : REQUEST_ACTIONS) {
                for (String type : REQUEST_TYPES) {
                    assertThat(index.visibleIds(action, type)).as(where).isEqualTo(rebuilt.visibleIds(action, type));
                    for (String id : REQUEST_IDS) {
                        assertThat(index.allows(action, type, id))
                                .as("%s: %s:%s:%s", where, action, type, id)
                                .isEqualTo(referenceAllows(List.copyOf(expected), new Request(action, type, id)));
                    }
                }
            }
        }
    }

    /** Also the granting policy: present exactly when allowed, and the most specific one. */
    private static boolean allowsDisagrees(PolicyIndex index, List<Policy> policies, Request r) {
        return index.allows(r.action(), r.resourceType(), r.resourceId()) != referenceAllows(policies, r)
                || !index.grantingPolicy(r.action(), r.resourceType(), r.resourceId())
                        .equals(referenceGranting(policies, r));
    }

    /** The most specific granting policy: exact grants before wildcards, a wildcard id before a wildcard action. */
    private static Optional<Policy> referenceGranting(List<Policy> policies, Request r) {
        return policies.stream()
                .filter(p -> p.subject().equals(SUBJECT)
                        && OWNED.contains(p.resourceType())
                        && p.resourceType().equals(r.resourceType())
                        && (p.action().equals(r.action()) || p.action().equals("*"))
                        && (p.resourceId().equals(r.resourceId()) || p.resourceId().equals("*")))
                .min(Comparator.comparing(Policy::anyAction).thenComparing(Policy::anyResourceId));
    }

    private static boolean visibleDisagrees(PolicyIndex index, List<Policy> policies, String action, String type) {
        return !Objects.equals(index.visibleIds(action, type), referenceVisibleIds(policies, action, type));
    }

    /** Greedily drops policies while the disagreement persists. */
    private static List<Policy> shrink(List<Policy> policies, Predicate<List<Policy>> disagrees) {
        List<Policy> current = new ArrayList<>(policies);
        boolean shrunk = true;
        while (shrunk) {
            shrunk = false;
            for (int i = 0; i < current.size(); i++) {
                List<Policy> without = new ArrayList<>(current);
                without.remove(i);
                if (disagrees.test(without)) {
                    current = without;
                    shrunk = true;
                    break;
                }
            }
        }
        return current;
    }

    private static List<Policy> randomPolicies(SplittableRandom random) {
        int size = random.nextInt(MAX_POLICIES + 1);
        List<Policy> policies = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            policies.add(randomPolicy(random));
        }
        return policies;
    }

    private static Policy randomPolicy(SplittableRandom random) {
        return new Policy(SUBJECT, pick(random, ACTIONS), pick(random, TYPES), pick(random, IDS));
    }

    private static Request randomRequest(SplittableRandom random) {
        return new Request(pick(random, REQUEST_ACTIONS), pick(random, REQUEST_TYPES), pick(random, REQUEST_IDS));
    }

    private static String pick(SplittableRandom random, List<String> values) {
        // A fresh copy: the index must compare by value, never by identity.
        return new String(values.get(random.nextInt(values.size())));
    }

    private static String verdict(boolean allowed) {
        return allowed ? "allowed" : "denied";
    }

    /** The rule, literally: same subject and type, action equal or '*', id equal or '*'. */
    private static boolean referenceAllows(List<Policy> policies, Request r) {
        for (Policy p : policies) {
            if (p.subject().equals(SUBJECT)
                    && OWNED.contains(p.resourceType())
                    && p.resourceType().equals(r.resourceType())
                    && (p.action().equals(r.action()) || p.action().equals("*"))
                    && (p.resourceId().equals(r.resourceId()) || p.resourceId().equals("*"))) {
                return true;
            }
        }
        return false;
    }

    private static VisibleIds referenceVisibleIds(List<Policy> policies, String action, String type) {
        boolean all = false;
        Set<String> ids = new HashSet<>();
        for (Policy p : policies) {
            if (p.subject().equals(SUBJECT)
                    && OWNED.contains(p.resourceType())
                    && p.resourceType().equals(type)
                    && (p.action().equals(action) || p.action().equals("*"))) {
                if (p.resourceId().equals("*")) {
                    all = true;
                } else {
                    ids.add(p.resourceId());
                }
            }
        }
        return all ? VisibleIds.all() : VisibleIds.only(ids);
    }
}
