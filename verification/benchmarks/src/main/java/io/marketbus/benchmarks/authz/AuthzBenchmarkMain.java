package io.marketbus.benchmarks.authz;

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
 * Runs {@link AuthzBenchmarks} once (one fork, short iterations, GC profiler: about a minute and
 * a half on 2 cores) and prints ours against jCasbin with the targets: a cached check in at most
 * {@value #CHECK_TARGET_NS} ns, and at least {@value #SPEEDUP_TARGET}× faster than jCasbin.
 */
public final class AuthzBenchmarkMain {

    static final double CHECK_TARGET_NS = 50;
    static final double SPEEDUP_TARGET = 100;

    private AuthzBenchmarkMain() {}

    public static void main(String[] args) throws RunnerException {
        Options options =
                new OptionsBuilder()
                        .include(AuthzBenchmarks.class.getName() + "\\.")
                        .forks(1)
                        .warmupIterations(3)
                        .warmupTime(TimeValue.seconds(1))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1))
                        .addProfiler(GCProfiler.class)
                        .jvmArgsAppend("-Xms1g", "-Xmx1g")
                        .build();
        Collection<RunResult> results = new Runner(options).run();

        Map<String, RunResult> byName = new HashMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.') + 1), result);
        }
        System.out.println();
        System.out.printf(
                "Authorization benchmark, %s, %d policies / %d subjects, %d cores, %s %s%n",
                LocalDate.now(), PolicyWorkload.POLICIES, PolicyWorkload.SUBJECTS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version"));
        System.out.println();
        System.out.println(
                "| operation | ours ns/op | jCasbin ns/op | ratio | ours B/op | jCasbin B/op | targets |");
        System.out.println("|---|---:|---:|---:|---:|---:|---|");
        boolean allPass = true;
        allPass &= row(byName, "check, allowed (cache hit)", "CheckAllowed", true);
        allPass &= row(byName, "check, denied (cache hit)", "CheckDenied", true);
        allPass &= row(byName, "visibleIds", "VisibleIds", false);
        System.out.println();
        System.out.println(allPass ? "All targets met." : "Some targets missed.");
    }

    private static boolean row(
            Map<String, RunResult> byName, String label, String suffix, boolean isCheck) {
        RunResult ours = byName.get("ours" + suffix);
        RunResult casbin = byName.get("casbin" + suffix);
        double oursNs = ours.getPrimaryResult().getScore();
        double casbinNs = casbin.getPrimaryResult().getScore();
        double ratio = casbinNs / oursNs;
        StringBuilder targets = new StringBuilder();
        boolean pass = true;
        if (isCheck) {
            boolean fast = oursNs <= CHECK_TARGET_NS;
            pass &= fast;
            targets.append("≤ ").append((int) CHECK_TARGET_NS).append(" ns ").append(verdict(fast));
            targets.append(", ");
        }
        boolean faster = ratio >= SPEEDUP_TARGET;
        pass &= faster;
        targets.append("≥ ").append((int) SPEEDUP_TARGET).append("× ").append(verdict(faster));
        System.out.printf(
                "| %s | %.1f | %,.0f | %,.0f× | %.1f | %,.0f | %s |%n",
                label, oursNs, casbinNs, ratio, allocation(ours), allocation(casbin), targets);
        return pass;
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
