package io.marketbus.harness.reliability;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one mode did and found: named figures in the order they were taken, and the invariant
 * violations (empty when the mode passed). Printed as it goes.
 */
public final class Figures {

    private static final int MAX_PRINTED_VIOLATIONS = 25;

    private final String mode;
    private final PrintStream out;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final long started = System.nanoTime();

    public Figures(String mode, PrintStream out) {
        this.mode = mode;
        this.out = out;
    }

    public String mode() {
        return mode;
    }

    public synchronized void say(String line) {
        out.printf("[%s %6.1fs] %s%n", mode, seconds(), line);
        out.flush();
    }

    public synchronized void put(String name, Object value) {
        figures.put(name, value);
        say(name + ": " + value);
    }

    public synchronized Object get(String name) {
        return figures.get(name);
    }

    public synchronized long number(String name) {
        return figures.get(name) instanceof Number n ? n.longValue() : -1;
    }

    public synchronized void violation(String violation) {
        violations.add(violation);
        if (violations.size() <= MAX_PRINTED_VIOLATIONS) {
            say("VIOLATION " + violation);
        } else if (violations.size() == MAX_PRINTED_VIOLATIONS + 1) {
            say("(more violations, not printed)");
        }
    }

    public void violations(Collection<String> found) {
        found.forEach(this::violation);
    }

    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    public synchronized Map<String, Object> figures() {
        return new LinkedHashMap<>(figures);
    }

    public synchronized boolean passed() {
        return violations.isEmpty();
    }

    public double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** The summary block printed at the end of the mode. */
    public synchronized void summary() {
        out.println();
        out.println("== " + mode + ": " + (passed() ? "PASSED" : "FAILED (" + violations.size() + " violations)")
                + String.format(" in %.1f s", seconds()));
        figures.forEach((k, v) -> out.println("   " + k + ": " + v));
        violations.stream().limit(MAX_PRINTED_VIOLATIONS).forEach(v -> out.println("   VIOLATION " + v));
        out.println();
        out.flush();
    }
}
