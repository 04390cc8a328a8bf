package io.marketbus.launcher;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.eventbus.DeadLetters;
import io.marketbus.eventbus.ReplayRefused;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import io.marketbus.busaccess.SecuredBus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one artifact of Marketbus:
 * <pre>
 *   run [service ...]         every service (or the named ones) in this JVM, one HTTP port each
 *   service NAME [--port=N] [--instance=ID]   one service in this process (the production shape; run several)
 *   console [--port=N]        the operations console alone (run starts it beside the services)
 *   provision                 create or update all streams and consumers, start nothing
 *   nats-config --port=N      write a secured bus's nats-server configuration and credentials from the contract
 *   demo                      against a running system: every saga path, with the events as they pass
 *   dlq list | dlq replay SEQ|all   the dead letters
 * </pre>
 * Configuration ({@link LaunchSettings}: Spring's relaxed binding, so every {@code marketbus.*}
 * property is also an environment variable and a {@code --key=value} argument, passed on to every
 * service): NATS_URL (default nats://127.0.0.1:4222), MARKETBUS_NAMESPACE, MARKETBUS_DATABASE_URL
 * (PostgreSQL; default: embedded H2 files under MARKETBUS_DATA_DIR=./data), MARKETBUS_PORTS_&lt;SERVICE&gt;.
 */
public final class Marketbus {

    private Marketbus() {}

    public static void main(String[] args) throws Exception {
        // The launcher's logback.xml configures logging once for every service in this JVM.
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        org.slf4j.bridge.SLF4JBridgeHandler.removeHandlersForRootLogger();
        org.slf4j.bridge.SLF4JBridgeHandler.install();
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? new String[0] : Arrays.copyOfRange(args, 1, args.length);
        int status;
        try {
            status = switch (command) {
                case "run" -> new SystemRun(ServiceCatalog.installed()).run(rest);
                case "service" -> rest.length > 0 && rest[0].equals("console")
                        ? ConsoleLaunch.runAlone(Arrays.copyOfRange(rest, 1, rest.length))
                        : new SystemRun(ServiceCatalog.installed()).runOne(rest);
                case "console" -> ConsoleLaunch.runAlone(rest);
                case "provision" -> provision(LaunchSettings.of(rest));
                case "nats-config" -> natsConfig(LaunchSettings.of(rest), rest);
                case "demo" -> new Demo(LaunchSettings.of(rest)).run();
                case "dlq" -> deadLetters(LaunchSettings.of(rest), rest);
                case "help", "--help", "-h" -> usage(0);
                default -> usage(2);
            };
        } catch (SystemUnavailable e) {
            System.err.println("marketbus: " + e.getMessage());
            status = 1;
        }
        if (status != 0 || !command.equals("run") && !command.equals("service") && !command.equals("console")) {
            System.exit(status);
        }
    }

    private static int provision(LaunchSettings settings) throws Exception {
        try (Connection nats = settings.connectAsOperator("marketbus-provision")) {
            List<String> provisioned = new BusAdministration(nats, settings.namespace())
                    .provision(EventCatalogue.load(), BusSettings.Streams.DEFAULTS, BusSettings.Consumers.DEFAULTS);
            System.out.println("Provisioned on " + settings.natsUrl() + " (namespace '" + settings.namespace().prefix() + "'):");
            provisioned.forEach(p -> System.out.println("  " + p));
            return 0;
        }
    }

    /**
     * {@code nats-config --port=N [--folder=DIR] [--any-namespace] [--tls]}: writes a secured bus's server
     * configuration and credentials from the contract (default folder: the data folder's {@code nats/}),
     * for the run command or an operator to start nats-server with; prints the configuration's path.
     */
    private static int natsConfig(LaunchSettings settings, String[] args) throws Exception {
        // The run's defaults: the data folder's nats/, the configured namespace.
        List<String> options = new ArrayList<>(Arrays.asList(args));
        if (options.stream().noneMatch(a -> a.startsWith("--folder="))) {
            options.add("--folder=" + settings.dataDir().resolve("nats"));
        }
        if (options.stream().noneMatch(a -> a.startsWith("--namespace=") || a.equals("--any-namespace"))) {
            options.add("--namespace=" + settings.namespace().prefix());
        }
        return SecuredBus.command(options.toArray(String[]::new));
    }

    private static int deadLetters(LaunchSettings settings, String[] given) throws Exception {
        String[] args = Arrays.stream(given).filter(a -> !a.startsWith("--")).toArray(String[]::new);
        if (args.length == 0) {
            return usage(2);
        }
        try (Connection nats = settings.connectAsOperator("marketbus-dlq")) {
            requireProvisioned(nats, settings);
            DeadLetters letters = new BusAdministration(nats, settings.namespace()).deadLetters(settings.streams());
            switch (args[0]) {
                case "list" -> {
                    List<DeadLetter> all = letters.list();
                    System.out.printf("%-6s %-13s %-28s %-15s %-5s %s%n", "SEQ", "SERVICE", "EVENT", "KIND", "TRIES", "REASON");
                    for (DeadLetter l : all) {
                        System.out.printf("%-6d %-13s %-28s %-15s %-5d %s%n", l.sequence(), l.service(), l.eventName(),
                                l.kind(), l.deliveries(), l.reason());
                    }
                    System.out.println(all.size() + " dead letter(s)");
                }
                case "show" -> letters.list().stream().filter(l -> args.length > 1 && l.sequence() == Long.parseLong(args[1]))
                        .findFirst().ifPresentOrElse(
                                l -> System.out.println(new String(l.body(), StandardCharsets.UTF_8)),
                                () -> System.out.println("No such dead letter"));
                case "replay" -> {
                    if (args.length < 2) {
                        return usage(2);
                    }
                    List<Long> sequences = args[1].equals("all")
                            ? letters.list().stream().map(DeadLetter::sequence).toList()
                            : List.of(Long.parseLong(args[1]));
                    int refused = 0;
                    for (long seq : sequences) {
                        try {
                            letters.replay(seq);
                            System.out.println("Replayed dead letter " + seq);
                        } catch (ReplayRefused e) {
                            // Past the dedupe horizon a consumer may apply it twice: left for an operator to judge.
                            System.out.println("Refused: " + e.getMessage());
                            refused++;
                        }
                    }
                    if (refused > 0) {
                        return 1;
                    }
                }
                default -> {
                    return usage(2);
                }
            }
            return 0;
        }
    }

    /** A bus without the dead-letter stream has never had a system on it: say so rather than "stream not found". */
    static void requireProvisioned(Connection nats, LaunchSettings settings) throws java.io.IOException {
        String stream = settings.namespace().stream(EventCatalogue.DEAD_LETTER_STREAM);
        try {
            nats.jetStreamManagement().getStreamInfo(stream);
        } catch (io.nats.client.JetStreamApiException e) {
            throw new SystemUnavailable("the bus at " + settings.natsUrl() + " has no stream '" + stream
                    + "': no system has run on it yet; " + SystemUnavailable.HOW_TO_START);
        }
    }

    private static int usage(int status) {
        System.out.println("""
                usage: marketbus run [SERVICE ...] [--key=value ...]
                       marketbus service SERVICE [--port=N] [--instance=ID]
                       marketbus console [--port=N]  (the operations console alone; run starts it too)
                       marketbus provision
                       marketbus nats-config --port=N [--folder=DIR] [--any-namespace] [--tls]
                       marketbus demo                (against a running system)
                       marketbus dlq list | dlq show SEQ | dlq replay SEQ|all
                services: """ + Arrays.stream(ServiceName.values()).map(ServiceName::busName).toList());
        return status;
    }
}
