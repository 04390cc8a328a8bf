package io.marketbus.benchmarks.authz;

import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.cache.PolicySource;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A seeded, realistic policy set and the requests the benchmarks ask about it: mostly exact ids,
 * some {@code *} ids, some {@code *} actions, a few full wildcards, over a few resource types
 * (orders most, invoices least).
 */
public final class PolicyWorkload {

    public static final long SEED = 20_240_611L;
    public static final int SUBJECTS = 1_000;
    public static final int POLICIES = 10_000;
    static final List<String> TYPES = List.of("orders", "items", "payments", "invoices");
    static final List<String> ACTIONS = List.of("get", "list", "update", "cancel", "ship");
    private static final int IDS = 100_000;

    /** A check: may {@code subject} do {@code action} on {@code resourceType}/{@code resourceId}. */
    public record Request(String subject, String action, String resourceType, String resourceId) {}

    /** A listing: which ids of {@code resourceType} may {@code subject} do {@code action} on. */
    public record Listing(String subject, String action, String resourceType) {}

    private final Random random;
    private final List<Policy> policies;
    private final Map<String, List<Policy>> bySubject = new HashMap<>();
    private final Map<String, PolicyIndex> indexes = new HashMap<>();

    private PolicyWorkload(long seed) {
        this.random = new Random(seed);
        List<Policy> generated = new ArrayList<>(POLICIES);
        while (generated.size() < POLICIES) {
            // Every subject gets policies: round-robin first, so none is left empty by chance.
            String subject = String.valueOf(generated.size() % SUBJECTS + 1);
            Policy policy = randomPolicy(subject);
            if (!bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).contains(policy)) {
                bySubject.get(subject).add(policy);
                generated.add(policy);
            }
        }
        this.policies = List.copyOf(generated);
        bySubject.forEach((s, ps) -> indexes.put(s, PolicyIndex.of(s, ownedTypes(), ps)));
    }

    /** The workload of {@link #SEED}; the same on every run. */
    public static PolicyWorkload generate() {
        return new PolicyWorkload(SEED);
    }

    /** The service in the benchmark owns every type, so nothing is filtered out. */
    public static Set<String> ownedTypes() {
        return Set.copyOf(TYPES);
    }

    public List<Policy> policies() {
        return policies;
    }

    public List<String> subjects() {
        return List.copyOf(bySubject.keySet());
    }

    /** Serves the generated policies, as the authorization service would. */
    public PolicySource source() {
        return (subject, types) ->
                new PolicySnapshot(
                        bySubject.getOrDefault(subject, List.of()).stream()
                                .filter(p -> types.contains(p.resourceType()))
                                .toList(),
                        1);
    }

    /** {@code count} requests that some policy allows. */
    public Request[] allowedRequests(int count) {
        Request[] requests = new Request[count];
        for (int i = 0; i < count; i++) {
            Policy p = policies.get(random.nextInt(policies.size()));
            requests[i] =
                    new Request(
                            p.subject(),
                            p.anyAction() ? randomAction() : p.action(),
                            p.resourceType(),
                            p.anyResourceId() ? randomId() : p.resourceId());
        }
        return requests;
    }

    /** {@code count} requests of existing subjects that no policy allows. */
    public Request[] deniedRequests(int count) {
        Request[] requests = new Request[count];
        int found = 0;
        while (found < count) {
            String subject = String.valueOf(random.nextInt(SUBJECTS) + 1);
            Request r = new Request(subject, randomAction(), randomType(), randomId());
            if (!indexes.get(subject).allows(r.action(), r.resourceType(), r.resourceId())) {
                requests[found++] = r;
            }
        }
        return requests;
    }

    /** {@code count} listings, half of them of a type the subject has policies on. */
    public Listing[] listings(int count) {
        Listing[] listings = new Listing[count];
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                Policy p = policies.get(random.nextInt(policies.size()));
                listings[i] = new Listing(p.subject(), randomAction(), p.resourceType());
            } else {
                listings[i] =
                        new Listing(String.valueOf(random.nextInt(SUBJECTS) + 1), randomAction(), randomType());
            }
        }
        return listings;
    }

    private Policy randomPolicy(String subject) {
        String type = randomType();
        int shape = random.nextInt(100);
        if (shape < 80) {
            return new Policy(subject, randomAction(), type, randomId());
        } else if (shape < 90) {
            return new Policy(subject, randomAction(), type, Policy.WILDCARD);
        } else if (shape < 98) {
            return new Policy(subject, Policy.WILDCARD, type, randomId());
        }
        return new Policy(subject, Policy.WILDCARD, type, Policy.WILDCARD);
    }

    private String randomType() {
        int roll = random.nextInt(100);
        return roll < 50 ? "orders" : roll < 75 ? "items" : roll < 90 ? "payments" : "invoices";
    }

    private String randomAction() {
        return ACTIONS.get(random.nextInt(ACTIONS.size()));
    }

    private String randomId() {
        return String.valueOf(random.nextInt(IDS) + 1);
    }
}
