package io.marketbus.busaccess;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.contract.access.BusScope;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The files of a secured bus in one folder: {@code nats-server.conf} (made from the contract: one
 * NKey user per service plus the provisioning identity, nobody else) and {@code credentials/} (their
 * seeds). The run command, the test command and tests that start a nats-server of their own all make
 * their server's files here, so every server of Marketbus is configured the one way.
 */
public final class SecuredBus {

    /** The file name of the server configuration in the folder. */
    public static final String CONFIGURATION = "nats-server.conf";

    private final Path folder;

    private SecuredBus(Path folder) {
        this.folder = folder;
    }

    public static SecuredBus in(Path folder) {
        return new SecuredBus(folder);
    }

    public Path configuration() {
        return folder.resolve(CONFIGURATION);
    }

    public BusIdentities identities() {
        return BusIdentities.in(folder.resolve("credentials"));
    }

    /**
     * (Re)writes the configuration for a server on {@code host:port} storing JetStream data in
     * {@code store}; keeps the seeds already made, so running services keep their identities. With
     * {@code tls}, the server requires TLS with a certificate of a local CA ({@link LocalCertificateAuthority}).
     */
    public SecuredBus write(EventCatalogue catalogue, BusScope scope, String host, int port, Path store,
                            boolean tls) throws IOException {
        NatsServerConfiguration.builder()
                .host(host).port(port).storeDirectory(store)
                // The CA certificate beside the seeds: a client that has the folder verifies the server.
                .tls(tls ? LocalCertificateAuthority.ensure(identities().folder()) : null)
                .users(BusPermissions.all(catalogue, scope), identities())
                .build()
                .writeTo(configuration());
        return this;
    }

    /**
     * {@code SecuredBus --folder=DIR --port=N [--host=H] [--store=DIR] [--namespace=NS | --any-namespace] [--tls]}:
     * writes the files, for scripts that start nats-server themselves.
     */
    public static void main(String[] args) throws IOException {
        int status = command(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * The command behind {@link #main} and {@code ./marketbus nats-config}: parses the options,
     * writes the files, prints the configuration's path; 2 on a usage error.
     */
    public static int command(String... args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            options.put(kv[0], kv.length > 1 ? kv[1] : "true");
        }
        if (!options.containsKey("folder") || !options.containsKey("port")) {
            System.err.println("usage: --folder=DIR --port=N [--host=H] [--store=DIR] [--namespace=NS | --any-namespace] [--tls]");
            return 2;
        }
        Path folder = Path.of(options.get("folder")).toAbsolutePath();
        BusScope scope = options.containsKey("any-namespace")
                ? BusScope.anyNamespace()
                : BusScope.of(new Namespace(options.getOrDefault("namespace", "")));
        // JetStream keeps its data in <store>/jetstream; by default beside the configuration.
        SecuredBus bus = in(folder).write(EventCatalogue.load(), scope, options.getOrDefault("host", "127.0.0.1"),
                Integer.parseInt(options.get("port")), Path.of(options.getOrDefault("store", folder.toString())),
                options.containsKey("tls"));
        System.out.println(bus.configuration());
        return 0;
    }
}
