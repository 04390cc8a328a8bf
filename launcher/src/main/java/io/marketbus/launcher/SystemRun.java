package io.marketbus.launcher;

import io.marketbus.contract.ServiceName;
import io.marketbus.support.launch.MarketbusService;
import io.nats.client.Connection;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts services: all of them side by side in this JVM, or one per process. */
final class SystemRun {

    private final ServiceCatalog catalog;

    SystemRun(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    /** {@code run [SERVICE ...] [--key=value ...]}: until the JVM stops. */
    int run(String[] args) throws Exception {
        LaunchSettings settings = LaunchSettings.of(args);
        List<String> names = Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        Running running;
        try {
            running = start(settings, names);
        } catch (StartFailed e) {
            System.err.println(e.getMessage());
            return 1;
        }
        printWhereEverythingIs(settings, running.contexts());
        Runtime.getRuntime().addShutdownHook(new Thread(running::close));
        startConsole(settings, names);
        return 0;
    }

    /** The operations console beside a whole-system run; without it the system still runs. */
    private static void startConsole(LaunchSettings settings, List<String> names) {
        if (!names.isEmpty()) {
            return; // a partial run: the console would show services that are not there
        }
        try {
            ConfigurableApplicationContext console = ConsoleLaunch.start(settings, null);
            Runtime.getRuntime().addShutdownHook(new Thread(console::close));
            System.out.println("  console        " + ConsoleLaunch.url(settings) + "/   (sign in with an admin account; MARKETBUS_PORTS_CONSOLE moves it)\n");
        } catch (RuntimeException e) {
            System.err.println("The console did not start (the services run on): " + ConsoleLaunch.whyNot(e));
        }
    }

    /**
     * Starts the named services (all when none is named) side by side in this JVM, each on its port
     * from {@code settings}, and returns once every one has started.
     *
     * @throws StartFailed when one did not start; the others are stopped again
     */
    Running start(LaunchSettings settings, List<String> names) throws IOException, InterruptedException {
        List<MarketbusService> chosen = names.isEmpty()
                ? List.copyOf(catalog.services().values())
                : names.stream().map(catalog::get).toList();
        if (chosen.isEmpty()) {
            throw new StartFailed("No service is part of this build.");
        }
        for (MarketbusService service : chosen) {
            reachBus(settings, service.name().busName());
        }
        // Applications started side by side must not each reset the JVM's one logback context (a
        // concurrent reset throws); the launcher's logback.xml configures it once. Marketbus.main
        // sets this too; here it also holds for callers that start a run themselves (tests).
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        Map<MarketbusService, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        ServiceSecrets secrets = ServiceSecrets.load(settings);
        // Platform threads: class loading from the nested jar holds monitors, and virtual threads
        // pinned there can take every carrier of a small machine and deadlock the start.
        try (ExecutorService starters = Executors.newFixedThreadPool(chosen.size())) {
            List<Future<ConfigurableApplicationContext>> futures = new ArrayList<>();
            for (MarketbusService service : chosen) {
                String[] arguments = sideBySide(arguments(service, settings, secrets, settings.port(service.name()),
                        wiring(settings)));
                futures.add(starters.submit(() -> service.application().run(arguments)));
            }
            for (int i = 0; i < chosen.size(); i++) {
                try {
                    started.put(chosen.get(i), futures.get(i).get());
                } catch (ExecutionException e) {
                    failures.add(chosen.get(i).name() + " did not start: " + whyNotStarted(chosen.get(i), e.getCause()));
                }
            }
        }
        Running running = new Running(started);
        if (!failures.isEmpty()) {
            running.close();
            throw new StartFailed(String.join("\n", failures));
        }
        return running;
    }

    /**
     * Connects once as the service's identity before starting it, so that an unreachable bus or
     * refused credentials are one plain line, not a stack trace from deep inside the service's start.
     */
    private static void reachBus(LaunchSettings settings, String identity) throws InterruptedException {
        try (Connection ignored = settings.connect("marketbus-launcher-check", identity)) {
            // reachable, and the server accepts this identity
        } catch (IOException e) {
            throw new StartFailed(e.getMessage() == null ? "NATS does not answer at " + settings.natsUrl() : e.getMessage());
        }
    }

    /**
     * One line for a service that did not start: a taken port says which setting moves it; anything
     * else is the innermost cause, which names the problem where the outer ones name only the phase.
     */
    static String whyNotStarted(MarketbusService service, Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PortInUseException taken) {
                return "port " + taken.getPort() + " is in use; set MARKETBUS_PORTS_" + service.name().busName().toUpperCase(java.util.Locale.ROOT)
                        + " to a free port (or stop what listens there)";
            }
            innermost = t;
        }
        return innermost.getMessage() == null ? innermost.toString() : innermost.getMessage();
    }

    /** {@code service NAME [--port=N] [--instance=ID] [--key=value ...]}: one service in this process. */
    int runOne(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: marketbus service NAME [--port=N] [--instance=ID]");
            return 2;
        }
        MarketbusService service = catalog.get(args[0]);
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        Integer port = null;
        List<String> passOn = new ArrayList<>();
        for (String arg : rest) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--instance=")) {
                passOn.add("--marketbus.instance=" + arg.substring("--instance=".length()));
            } else if (arg.startsWith("--")) {
                passOn.add(arg); // any other Spring setting, for this instance only
            }
        }
        LaunchSettings settings = LaunchSettings.of(passOn.toArray(String[]::new));
        try {
            reachBus(settings, service.name().busName());
        } catch (StartFailed e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        // One service per process finds the others where the environment says (or at their catalogue ports).
        ConfigurableApplicationContext context;
        try {
            context = service.application().run(arguments(service, settings,
                    ServiceSecrets.load(settings), port != null ? port : settings.port(service.name()), List.of()));
        } catch (RuntimeException e) {
            System.err.println(service.name().busName() + " did not start: " + whyNotStarted(service, e));
            return 1;
        }
        printWhereEverythingIs(settings, Map.of(service, context));
        return 0;
    }

    /**
     * In a whole-system run the services find each other at the ports this run gives them, unless
     * the environment says otherwise (e.g. MARKETBUS_AUTHZ_URL).
     */
    private static List<String> wiring(LaunchSettings settings) {
        String authn = settings.localUrl(ServiceName.AUTHN);
        Map<String, String> wiring = Map.of(
                "marketbus.security.jwks-uri", authn + "/.well-known/jwks.json",
                "marketbus.security.token-uri", authn + "/v1/authnsvc/service-tokens",
                "marketbus.authz.url", settings.localUrl(ServiceName.AUTHZ));
        List<String> args = new ArrayList<>();
        wiring.forEach((key, value) -> {
            if (settings.property(key) == null) {
                args.add("--" + key + "=" + value);
            }
        });
        return args;
    }

    /**
     * A service's arguments when it shares this JVM with the others. They share its one logback
     * context: a LogbackMetrics per service would count every service's log lines as its own, and
     * five of them adding their listener to logback's unsynchronised list at once threw (one run in
     * many lost a service at start). A service in a process of its own keeps them.
     */
    private static String[] sideBySide(String[] arguments) {
        String[] shared = java.util.Arrays.copyOf(arguments, arguments.length + 1);
        shared[arguments.length] = "--spring.autoconfigure.exclude=" + LOGBACK_METRICS;
        return shared;
    }

    static final String LOGBACK_METRICS =
            "org.springframework.boot.micrometer.metrics.autoconfigure.logging.logback.LogbackMetricsAutoConfiguration";

    private static String[] arguments(MarketbusService service, LaunchSettings settings, ServiceSecrets secrets, int port,
                                      List<String> wiring) {
        List<String> args = new ArrayList<>();
        secrets.addTo(service.name(), args);
        args.add("--server.port=" + port);
        args.add("--spring.main.banner-mode=off");
        if (settings.arguments().stream().noneMatch(a -> a.startsWith("--marketbus.nats.url="))) {
            args.add("--marketbus.nats.url=" + settings.natsUrl()); // NATS_URL, which the services cannot bind
        }
        args.addAll(wiring);
        args.addAll(settings.arguments());
        return args.toArray(String[]::new);
    }

    private static void printWhereEverythingIs(LaunchSettings settings,
                                               Map<MarketbusService, ConfigurableApplicationContext> started) {
        StringBuilder out = new StringBuilder("\nMarketbus is running\n");
        out.append("  NATS JetStream  ").append(settings.natsUrl());
        if (!settings.namespace().prefix().isEmpty()) {
            out.append("  (namespace ").append(settings.namespace().prefix()).append(")");
        }
        out.append("\n  Databases       ").append(settings.embeddedDatabases()
                ? "embedded H2 files under " + settings.dataDir() + "/h2/"
                : settings.databaseUrl() + " (one schema per service)").append("\n");
        started.forEach((service, context) -> {
            String port = context.getEnvironment().getProperty("local.server.port", "?");
            String instance = context.getEnvironment().getProperty("marketbus.instance", "");
            String base = "http://127.0.0.1:" + port;
            out.append(String.format("  %-13s  %s/v1/%s   OpenAPI %s/v3/api-docs   health %s/actuator/health%s%n",
                    service.name().busName(), base, service.name().busName(), base, base,
                    instance.isEmpty() ? "" : "   instance " + instance));
        });
        out.append("Stop with Ctrl-C.\n");
        System.out.println(out);
    }

    /** Services started in this JVM; closing stops them. */
    record Running(Map<MarketbusService, ConfigurableApplicationContext> contexts) implements AutoCloseable {
        @Override
        public void close() {
            contexts.values().forEach(ConfigurableApplicationContext::close);
        }
    }

    /** A service of a whole-system run did not start. */
    static final class StartFailed extends RuntimeException {
        StartFailed(String message) {
            super(message);
        }
    }
}
