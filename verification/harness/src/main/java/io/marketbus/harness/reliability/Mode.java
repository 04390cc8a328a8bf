package io.marketbus.harness.reliability;

import java.io.PrintStream;

/** One way of abusing the system, and the checks after it. */
public abstract class Mode {

    private final String name = getClass().getSimpleName().replaceFirst("Mode$", "").toLowerCase(java.util.Locale.ROOT);

    /** What the command line calls it: the class name without "Mode", e.g. {@code crash} for CrashMode. */
    public final String name() {
        return name;
    }

    /**
     * Starts the system this mode needs: by default the services on the shared NATS, in a namespace
     * of their own, with the settings' extra environment.
     */
    public Sandbox start(Settings settings, Figures figures) throws Exception {
        return Sandbox.start(false, settings.environment());
    }

    /** Runs on a running system; what it does and finds goes into {@code figures}. */
    public abstract void run(Sandbox sandbox, Settings settings, Figures figures) throws Exception;

    /** Runs on a system already running, then prints its summary. */
    public final Figures runOn(Sandbox sandbox, Settings settings, PrintStream out) throws Exception {
        Figures figures = new Figures(name, out);
        run(sandbox, settings, figures);
        figures.summary();
        return figures;
    }

    /** Runs on a system of its own, then prints its summary. */
    public final Figures runAlone(Settings settings, PrintStream out) throws Exception {
        Figures figures = new Figures(name, out);
        try (Sandbox sandbox = start(settings, figures)) {
            run(sandbox, settings, figures);
        }
        figures.summary();
        return figures;
    }
}
