package io.marketbus.benchmarks.authz;

import io.marketbus.benchmarks.contract.EventCodecBenchmarks;
import io.marketbus.benchmarks.security.TokenVerificationBenchmarks;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link AuthzBenchmarks} on 1 thread and on 2 threads sharing the authorizers ({@value #FORKS}
 * forks each, short iterations, GC profiler: about six minutes on 2 cores) and prints ours against
 * each shape of jCasbin with the targets: a cached check in at most {@value #CHECK_TARGET_NS} ns,
 * allocating nothing, and at least {@value #SPEEDUP_TARGET}× faster than jCasbin's own cache hits
 * ({@code CachedEnforcer}; on 2 threads {@code SyncedCachedEnforcer}, the shape jCasbin offers for
 * concurrent use, since {@code CachedEnforcer}'s cache is a plain map).
 */
public final class AuthzBenchmarkMain {

    static final double CHECK_TARGET_NS = 50;
    static final double SPEEDUP_TARGET = 3;
    static final int FORKS = 3;
    static final int WARMUP_ITERATIONS = 2;
    static final int MEASUREMENT_ITERATIONS = 3;

    /** On 2 threads: the shapes safe to share (not CachedEnforcer), and not the plain scan (ms per check). */
    private static final String CONCURRENT = "\\.(ours.*|syncedCached.*|perSubject.*)$";

    private AuthzBenchmarkMain() {}

    public static void main(String[] args) throws RunnerException {
        Map<String, RunResult> one = run(1, "\\.");
        Map<String, RunResult> two = run(2, CONCURRENT);

        System.out.println();
        System.out.printf(
                "Authorization benchmark, %s, %d policies / %d subjects, %d cores, %s %s; JMH average time, %d forks × "
                        + "(%d×1 s warm-up, %d×1 s measured), -Xmx1g, GC profiler; ± is JMH's 99.9 %% interval%n",
                LocalDate.now(), PolicyWorkload.POLICIES, PolicyWorkload.SUBJECTS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"), FORKS, WARMUP_ITERATIONS, MEASUREMENT_ITERATIONS);
        System.out.println();
        System.out.println("| operation | threads | ours ns/op | jCasbin Enforcer | CachedEnforcer (hits) | SyncedCachedEnforcer (hits) "
                + "| Enforcer per subject | ours B/op | targets |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
        boolean allPass = true;
        allPass &= row(one, 1, "check, allowed (cache hit)", "CheckAllowed", "cached");
        allPass &= row(one, 1, "check, denied (cache hit)", "CheckDenied", "cached");
        allPass &= row(two, 2, "check, allowed (cache hit)", "CheckAllowed", "syncedCached");
        allPass &= row(two, 2, "check, denied (cache hit)", "CheckDenied", "syncedCached");
        row(one, 1, "visibleIds", "VisibleIds", null);
        row(two, 2, "visibleIds", "VisibleIds", null);
        System.out.println();
        System.out.println(allPass ? "All targets met." : "Some targets missed.");

        // What the other half of an authorized request's security costs: verifying its token.
        Map<String, RunResult> tokens = runMatching(1, TokenVerificationBenchmarks.class.getName() + "\\.");
        System.out.println();
        System.out.println("| verifying an access token | threads | ns/op | B/op |");
        System.out.println("|---|---:|---:|---:|");
        System.out.printf("| ES256 signature, then the claims (first request of a token) | 1 | %s | %.0f |%n",
                score(tokens.get("verifyAccessToken")), allocation(tokens.get("verifyAccessToken")));
        System.out.printf("| claims only, signature verified before (every later request) | 1 | %s | %.0f |%n",
                score(tokens.get("verifyAccessTokenSeenBefore")), allocation(tokens.get("verifyAccessTokenSeenBefore")));

        // And what each event on the bus pays for the contract check (consumers decode every one).
        Map<String, RunResult> codec = runMatching(1, EventCodecBenchmarks.class.getName() + "\\.");
        System.out.println();
        System.out.println("| an event-policy-updated against the contract | threads | ns/op | B/op |");
        System.out.println("|---|---:|---:|---:|");
        for (String[] row : new String[][] {{"decode (parse, contract check, bind), as consumers run it", "decode"},
                {"the contract (JSON Schema) check alone", "schemaCheck"}}) {
            System.out.printf("| %s | 1 | %s | %.0f |%n", row[0], score(codec.get(row[1])), allocation(codec.get(row[1])));
        }
    }

    private static Map<String, RunResult> run(int threads, String include) throws RunnerException {
        return runMatching(threads, AuthzBenchmarks.class.getName() + include);
    }

    private static Map<String, RunResult> runMatching(int threads, String benchmarks) throws RunnerException {
        Options options =
                new OptionsBuilder()
                        .include(benchmarks)
                        .threads(threads)
                        .forks(FORKS)
                        .warmupIterations(WARMUP_ITERATIONS)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(MEASUREMENT_ITERATIONS)
                        .measurementTime(TimeValue.seconds(1))
                        .addProfiler(GCProfiler.class)
                        .jvmArgsAppend("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.log.org.casbin=warn")
                        .build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.') + 1), result);
        }
        return byName;
    }

    /** One table row; {@code against} names the jCasbin shape the speed-up target is measured on (none for listings). */
    private static boolean row(Map<String, RunResult> byName, int threads, String label, String suffix, String against) {
        RunResult ours = byName.get("ours" + suffix);
        double oursNs = ours.getPrimaryResult().getScore();
        double oursBytes = allocation(ours);
        StringBuilder targets = new StringBuilder();
        boolean pass = true;
        if (against != null) {
            RunResult reference = byName.get(against + suffix);
            double ratio = reference.getPrimaryResult().getScore() / oursNs;
            boolean fast = oursNs <= CHECK_TARGET_NS;
            boolean faster = ratio >= SPEEDUP_TARGET;
            boolean free = oursBytes < 0.5;
            pass = fast && faster && free;
            targets.append(String.format("≤ %d ns %s, ≥ %d× %s %s (%.1f×), 0 B/op %s", (int) CHECK_TARGET_NS, verdict(fast),
                    (int) SPEEDUP_TARGET, against.equals("cached") ? "CachedEnforcer" : "SyncedCachedEnforcer", verdict(faster),
                    ratio, verdict(free)));
        }
        System.out.printf("| %s | %d | %s | %s | %s | %s | %s | %.1f | %s |%n", label, threads, score(ours),
                score(byName.get("casbin" + suffix)), score(byName.get("cached" + suffix)),
                score(byName.get("syncedCached" + suffix)), score(byName.get("perSubject" + suffix)), oursBytes, targets);
        return pass;
    }

    private static String score(RunResult result) {
        if (result == null) {
            return "-";
        }
        Result<?> primary = result.getPrimaryResult();
        double score = primary.getScore();
        return score < 1_000 ? String.format("%.1f ± %.1f", score, primary.getScoreError())
                : String.format("%,.0f ± %,.0f", score, primary.getScoreError());
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }

    /** Bytes allocated per operation, from the GC profiler. */
    private static double allocation(RunResult result) {
        for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
            if (secondary.getKey().endsWith("gc.alloc.rate.norm")) {
                return secondary.getValue().getScore();
            }
        }
        return Double.NaN;
    }
}
