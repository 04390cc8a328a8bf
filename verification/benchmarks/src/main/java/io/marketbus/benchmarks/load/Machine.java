package io.marketbus.benchmarks.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: cores, CPU, JDK, load average. */
final class Machine {

    private Machine() {}

    static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String jdk() {
        return System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version");
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} has them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }
}
