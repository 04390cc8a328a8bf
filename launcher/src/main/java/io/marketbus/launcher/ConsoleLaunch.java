package io.marketbus.launcher;

import io.marketbus.console.ConsoleApplication;
import io.marketbus.contract.ServiceName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the operations console beside the services: on {@code marketbus.ports.console}
 * (MARKETBUS_PORTS_CONSOLE, default {@value ConsoleApplication#DEFAULT_PORT}), pointed at the
 * services where this run (or the environment: {@code marketbus.<service>.url}) has them.
 */
final class ConsoleLaunch {

    private ConsoleLaunch() {}

    static int port(LaunchSettings settings) {
        return settings.ports().getOrDefault(ConsoleApplication.PORT_KEY, ConsoleApplication.DEFAULT_PORT);
    }

    /** Where the console answers on this machine (for the run's summary and the demo's links). */
    static String url(LaunchSettings settings) {
        return "http://127.0.0.1:" + port(settings);
    }

    static ConfigurableApplicationContext start(LaunchSettings settings, Integer port) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=" + (port != null ? port : port(settings)));
        if (settings.arguments().stream().noneMatch(a -> a.startsWith("--marketbus.nats.url="))) {
            args.add("--marketbus.nats.url=" + settings.natsUrl()); // NATS_URL, which Spring cannot bind
        }
        put(settings, args, "marketbus.console.authn-url", serviceUrl(settings, ServiceName.AUTHN));
        put(settings, args, "marketbus.console.authz-url", serviceUrl(settings, ServiceName.AUTHZ));
        for (ServiceName service : ServiceName.values()) {
            put(settings, args, "marketbus.console.instances." + service.busName(), serviceUrl(settings, service));
        }
        args.addAll(settings.arguments());
        return ConsoleApplication.application().run(args.toArray(String[]::new));
    }

    private static void put(LaunchSettings settings, List<String> args, String key, String value) {
        if (settings.property(key) == null) {
            args.add("--" + key + "=" + value);
        }
    }

    /** {@code marketbus.<service>.url} (MARKETBUS_ORDER_URL) when set, else this run's port for it. */
    private static String serviceUrl(LaunchSettings settings, ServiceName service) {
        String given = settings.property("marketbus." + service.name().toLowerCase(Locale.ROOT) + ".url");
        return given != null ? given : settings.localUrl(service);
    }

    /** {@code console [--port=N] [--key=value ...]}: the console alone, in this process. */
    static int runAlone(String[] args) {
        Integer port = null;
        List<String> passOn = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--port=")) {
                port = Integer.parseInt(arg.substring("--port=".length()));
            } else if (arg.startsWith("--")) {
                passOn.add(arg);
            }
        }
        LaunchSettings settings = LaunchSettings.of(passOn.toArray(String[]::new));
        ConfigurableApplicationContext console;
        try {
            console = start(settings, port);
        } catch (RuntimeException e) {
            System.err.println("the console did not start: " + whyNot(e));
            return 1;
        }
        System.out.println("\n  console        http://127.0.0.1:" + console.getEnvironment().getProperty("local.server.port")
                + "/   (sign in with an admin account)\n");
        return 0;
    }

    /** One line: a taken port names the setting that moves it, anything else the innermost cause. */
    static String whyNot(Throwable failure) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.springframework.boot.web.server.PortInUseException taken) {
                return "port " + taken.getPort() + " is in use; set MARKETBUS_PORTS_CONSOLE to a free port (or stop what listens there)";
            }
            innermost = t;
        }
        return innermost.getMessage() == null ? innermost.toString() : innermost.getMessage();
    }
}
