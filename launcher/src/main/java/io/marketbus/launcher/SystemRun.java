package io.marketbus.launcher;

import io.marketbus.support.launch.MarketbusService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts services: all of them side by side in this JVM, or one per process. */
final class SystemRun {

    private final ServiceCatalog catalog;

    SystemRun(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    int run(String[] names) throws Exception {
        List<MarketbusService> chosen = names.length == 0
                ? List.copyOf(catalog.services().values())
                : Arrays.stream(names).map(catalog::get).toList();
        if (chosen.isEmpty()) {
            System.err.println("No service is part of this build.");
            return 1;
        }
        Map<MarketbusService, ConfigurableApplicationContext> started = new LinkedHashMap<>();
        Exception failure = null;
        // Platform threads: class loading from the nested jar holds monitors, and virtual threads
        // pinned there can take every carrier of a small machine and deadlock the start.
        try (ExecutorService starters = Executors.newFixedThreadPool(chosen.size())) {
            List<Future<ConfigurableApplicationContext>> futures = new ArrayList<>();
            for (MarketbusService service : chosen) {
                futures.add(starters.submit(() -> service.application().run(arguments(service, service.defaultPort(), null))));
            }
            for (int i = 0; i < chosen.size(); i++) {
                try {
                    started.put(chosen.get(i), futures.get(i).get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = failure == null ? e : failure;
                    System.err.println(chosen.get(i).name() + " did not start: " + e.getCause());
                }
            }
        }
        if (failure != null) {
            started.values().forEach(ConfigurableApplicationContext::close);
            return 1;
        }
        printWhereEverythingIs(started);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.values().forEach(ConfigurableApplicationContext::close)));
        return 0;
    }

    int runOne(String[] args) throws java.io.IOException {
        if (args.length == 0) {
            System.err.println("usage: marketbus service NAME [--port=N] [--instance=ID]");
            return 2;
        }
        MarketbusService service = catalog.get(args[0]);
        int port = service.defaultPort();
        String instance = null;
        List<String> passOn = new ArrayList<>();
        for (String arg : Arrays.copyOfRange(args, 1, args.length)) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--instance=")) {
                instance = arg.substring("--instance=".length());
            } else if (arg.startsWith("--")) {
                passOn.add(arg); // any other Spring setting, for this instance only
            }
        }
        List<String> all = new ArrayList<>(List.of(arguments(service, port, instance)));
        all.addAll(passOn);
        ConfigurableApplicationContext context = service.application().run(all.toArray(String[]::new));
        printWhereEverythingIs(Map.of(service, context));
        return 0;
    }

    private static String[] arguments(MarketbusService service, int port, String instance) throws java.io.IOException {
        List<String> args = new ArrayList<>();
        ServiceSecrets.load(java.nio.file.Path.of(Marketbus.envOr("MARKETBUS_DATA_DIR", "data"))).addTo(service.name(), args);
        args.add("--server.port=" + port);
        args.add("--spring.main.banner-mode=off");
        args.add("--marketbus.nats.url=" + Marketbus.natsUrl());
        args.add("--marketbus.namespace=" + Marketbus.namespace().prefix());
        String database = Marketbus.envOr("MARKETBUS_DATABASE_URL", "");
        if (!database.isBlank()) {
            args.add("--marketbus.database.url=" + database);
        }
        args.add("--marketbus.data-dir=" + Marketbus.envOr("MARKETBUS_DATA_DIR", "data"));
        if (instance != null) {
            args.add("--marketbus.instance=" + instance);
        }
        return args.toArray(String[]::new);
    }

    private static void printWhereEverythingIs(Map<MarketbusService, ConfigurableApplicationContext> started) {
        String database = Marketbus.envOr("MARKETBUS_DATABASE_URL", "");
        StringBuilder out = new StringBuilder("\nMarketbus is running\n");
        out.append("  NATS JetStream  ").append(Marketbus.natsUrl());
        if (!Marketbus.namespace().prefix().isEmpty()) {
            out.append("  (namespace ").append(Marketbus.namespace().prefix()).append(")");
        }
        out.append("\n  Databases       ").append(database.isBlank()
                ? "embedded H2 files under " + Marketbus.envOr("MARKETBUS_DATA_DIR", "data") + "/h2/"
                : database + " (one schema per service)").append("\n");
        started.forEach((service, context) -> {
            String port = context.getEnvironment().getProperty("local.server.port", "?");
            String base = "http://127.0.0.1:" + port;
            out.append(String.format("  %-13s  %s/v1/%s   OpenAPI %s/v3/api-docs   health %s/actuator/health%n",
                    service.name().busName(), base, service.name().busName(), base, base));
        });
        out.append("Stop with Ctrl-C.\n");
        System.out.println(out);
    }
}
