package io.marketbus.harness.reliability;

import java.io.PrintStream;

/** One way of abusing the system, and the checks after it. */
public interface Mode {

    String name();

    /** Starts the system this mode needs (shared NATS, a nats-server of its own, a cluster). */
    Sandbox start(Figures figures) throws Exception;

    /** Runs on a running system; what it does and finds goes into {@code figures}. */
    void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception;

    /** Runs on a system of its own, then prints its summary. */
    default Figures runAlone(Settings settings, PrintStream out) throws Exception {
        Figures figures = new Figures(name(), out);
        try (Sandbox sandbox = start(figures)) {
            run(sandbox, settings, figures);
        }
        figures.summary();
        return figures;
    }
}
