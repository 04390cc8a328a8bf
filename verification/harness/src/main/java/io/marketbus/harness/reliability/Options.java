package io.marketbus.harness.reliability;

import java.time.Duration;
import java.util.List;

/**
 * The command line of {@code ./marketbus reliability}: the mode and the options, and from them the
 * settings of each mode it runs.
 *
 * @param orders {@code --orders=N}, or null for each mode's own default
 * @param faults {@code --nats-down=30s --db-down=30s --service-down=20s}: how long each fault of {@code crash} lasts
 * @param soak {@code --minutes=N}: how long {@code soak} runs
 */
record Options(String mode, Integer orders, int kills, long seed, boolean quick, Settings.Faults faults, Duration soak) {

    private static final List<String> MODES = java.util.stream.Stream.concat(
            ReliabilityHarness.modeNames().stream(), java.util.stream.Stream.of("all")).toList();
    static final String USAGE = "usage: reliability [" + String.join("|", MODES) + "] [--orders=N] [--kills=K]"
            + " [--seed=S] [--quick] [--nats-down=30s] [--db-down=30s] [--service-down=20s] [--minutes=30]";

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
        Settings.Faults defaults = Settings.Faults.DEFAULT;
        Duration natsDown = defaults.natsDown();
        Duration databaseDown = defaults.databaseDown();
        Duration serviceDown = defaults.serviceDown();
        Duration soak = Settings.DEFAULT_SOAK;
        for (String arg : args) {
            if (arg.startsWith("--orders=")) {
                orders = Integer.parseInt(arg.substring("--orders=".length()));
            } else if (arg.startsWith("--kills=")) {
                kills = Integer.parseInt(arg.substring("--kills=".length()));
            } else if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(arg.substring("--seed=".length()));
            } else if (arg.startsWith("--nats-down=")) {
                natsDown = duration(arg.substring("--nats-down=".length()));
            } else if (arg.startsWith("--db-down=")) {
                databaseDown = duration(arg.substring("--db-down=".length()));
            } else if (arg.startsWith("--service-down=")) {
                serviceDown = duration(arg.substring("--service-down=".length()));
            } else if (arg.startsWith("--minutes=")) {
                soak = Duration.ofMinutes(Long.parseLong(arg.substring("--minutes=".length())));
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (MODES.contains(arg)) {
                mode = arg;
            } else {
                throw new UnknownArgument(arg);
            }
        }
        return new Options(mode, orders, kills, seed, quick, new Settings.Faults(natsDown, databaseDown, serviceDown), soak);
    }

    /** {@code 30s}, {@code 2m}, {@code 500ms} (a bare number is seconds). A malformed one is a NumberFormatException. */
    static Duration duration(String text) {
        var match = java.util.regex.Pattern.compile("(\\d+)(ms|s|m)?").matcher(text);
        if (!match.matches()) {
            throw new NumberFormatException("not a duration: " + text + " (e.g. 30s, 2m, 500ms)");
        }
        long amount = Long.parseLong(match.group(1));
        return switch (match.group(2) == null ? "s" : match.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** The modes to run, in order: {@code all} is crash, duplicates, poison and fuzz. */
    List<String> modes() {
        return mode.equals("all") ? List.of("crash", "duplicates", "poison", "fuzz") : List.of(mode);
    }

    /** The settings of one mode: its default orders and settling time, shaped by the options. */
    Settings settings(String name) {
        Settings.Builder settings = Settings.builder().seed(seed).quick(quick).faults(faults).soak(soak);
        return switch (name) {
            case "crash" -> settings.orders(orders == null ? 2000 : orders).kills(kills).settle(Duration.ofMinutes(6)).build();
            // Within "all" the duplicates run a fifth of the crash load.
            case "duplicates" -> settings.orders(orders == null ? 300 : mode.equals("all") ? Math.max(30, orders / 5) : orders)
                    .settle(Duration.ofMinutes(3)).build();
            case "poison", "fuzz" -> settings.settle(Duration.ofMinutes(2)).build();
            case "cluster" -> settings.orders(orders == null ? 300 : orders).settle(Duration.ofMinutes(4)).workers(4).build();
            case "scale" -> settings.orders(orders == null ? 300 : orders).settle(Duration.ofMinutes(3)).workers(4).build();
            // A modest steady load: the default cache settings, readers every few seconds (SoakMode).
            case "soak" -> settings.settle(Duration.ofMinutes(3)).workers(2).build();
            default -> throw new IllegalArgumentException("no mode " + name);
        };
    }
}
