package io.marketbus.harness.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code ./marketbus reliability [crash|duplicates|poison|fuzz|scale|cluster|soak|all] [--orders=N] [--kills=K] [--seed=S] [--quick]
 * [--nats-down=30s] [--db-down=30s] [--service-down=20s] [--minutes=30]}:
 * the whole system as separate processes, abused in one way, then checked; prints what it did and
 * the counts, and exits 1 when an invariant fails or a load fell short of its minimum outcomes
 * (at least 95 % of attempted orders terminal; paid, out of stock, failed and canceled each above zero).
 * <ul>
 *   <li>{@code crash}: N orders (default 2000) while service processes are SIGKILLed and kept down
 *       20 s before their restart (K times, default 6), the nats-server is SIGKILLed and kept down
 *       30 s once, and the services' database is cut off for 30 s once (the fault lengths are options);</li>
 *   <li>{@code duplicates}: every event published twice (N orders, default 300);</li>
 *   <li>{@code poison}: malformed, unknown and schema-invalid events on every shared subject;</li>
 *   <li>{@code fuzz}: every HTTP endpoint of the five services with invalid input ({@code --quick}: a subset);</li>
 *   <li>{@code scale}: two instances of every service; {@code cluster}: a three-node JetStream cluster;</li>
 *   <li>{@code soak}: a steady modest load for 30 minutes ({@code --minutes}), readers reading their own
 *       orders every 3 s: per minute the orders, 5xx and 403, then the invariants; any 5xx fails it;</li>
 *   <li>{@code all} (the default): crash, duplicates, poison and fuzz.</li>
 * </ul>
 * The Failsafe tests in {@code system-tests} run the same modes, smaller.
 */
public final class ReliabilityHarness {

    private ReliabilityHarness() {}

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UnknownArgument e) {
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        List<Figures> results = new ArrayList<>();
        try {
            for (String name : options.modes()) {
                results.add(mode(name).runAlone(options.settings(name), System.out));
            }
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(2);
        }
        System.out.println("== reliability summary");
        results.forEach(r -> System.out.printf("   %-10s %s (%.0f s, %d violations)%n", r.mode(),
                r.passed() ? "PASSED" : "FAILED", r.seconds(), r.violations().size()));
        System.exit(results.stream().allMatch(Figures::passed) ? 0 : 1);
    }

    /** Every mode, in the order the usage line names them; each run gets a fresh one (a mode may hold its servers). */
    static final List<Supplier<Mode>> MODES = List.of(CrashMode::new, DuplicatesMode::new, PoisonMode::new,
            FuzzMode::new, ScaleMode::new, ClusterMode::new, SoakMode::new);

    /** The names the command line knows, e.g. {@code crash}. */
    static List<String> modeNames() {
        return MODES.stream().map(mode -> mode.get().name()).toList();
    }

    /** The mode of this name. */
    public static Mode mode(String name) {
        return MODES.stream().map(Supplier::get).filter(mode -> mode.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mode " + name));
    }
}
