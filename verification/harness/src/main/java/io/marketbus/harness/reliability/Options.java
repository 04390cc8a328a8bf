package io.marketbus.harness.reliability;

import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code ./marketbus reliability}: the mode and the options, and from them the
 * settings of each mode it runs.
 *
 * @param orders {@code --orders=N}, or null for each mode's own default
 */
record Options(String mode, Integer orders, int kills, long seed, boolean quick) {

    private static final List<String> MODES = java.util.stream.Stream.concat(
            ReliabilityHarness.modeNames().stream(), java.util.stream.Stream.of("all")).toList();
    static final String USAGE = "usage: reliability [" + String.join("|", MODES) + "] [--orders=N] [--kills=K]"
            + " [--seed=S] [--quick]";

    /** An argument that is no mode and no option. (A malformed number stays a NumberFormatException.) */
    static final class UnknownArgument extends IllegalArgumentException {
        UnknownArgument(String argument) {
            super("unknown argument " + argument);
        }
    }

    static Options parse(String... args) {
        String mode = "all";
        Integer orders = null;
        int kills = 6;
        long seed = Settings.DEFAULT_SEED;
        boolean quick = false;
        for (String arg : args) {
            if (arg.startsWith("--orders=")) {
                orders = Integer.parseInt(arg.substring("--orders=".length()));
            } else if (arg.startsWith("--kills=")) {
                kills = Integer.parseInt(arg.substring("--kills=".length()));
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(arg.substring("--seed=".length()));
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (MODES.contains(arg)) {
                mode = arg;
            } else {
                throw new UnknownArgument(arg);
            }
        }
        return new Options(mode, orders, kills, seed, quick);
    }

    /** The modes to run, in order: {@code all} is crash, duplicates, poison and fuzz. */
    List<String> modes() {
        return mode.equals("all") ? List.of("crash", "duplicates", "poison", "fuzz") : List.of(mode);
    }

    /** The settings of one mode: its default orders and settling time, shaped by the options. */
    Settings settings(String name) {
        Settings.Builder settings = Settings.builder().seed(seed).quick(quick);
        return switch (name) {
            case "crash" -> settings.orders(orders == null ? 2000 : orders).kills(kills).settle(Duration.ofMinutes(6)).build();
            // Within "all" the duplicates run a fifth of the crash load.
            case "duplicates" -> settings.orders(orders == null ? 300 : mode.equals("all") ? Math.max(30, orders / 5) : orders)
                    .settle(Duration.ofMinutes(3)).build();
            case "poison", "fuzz" -> settings.settle(Duration.ofMinutes(2)).build();
            case "cluster" -> settings.orders(orders == null ? 300 : orders).settle(Duration.ofMinutes(4)).workers(4).build();
            case "scale" -> settings.orders(orders == null ? 300 : orders).settle(Duration.ofMinutes(3)).workers(4).build();
            default -> throw new IllegalArgumentException("no mode " + name);
        };
    }
}
