package io.marketbus.testkit;

import io.marketbus.busaccess.BusIdentities;
import io.marketbus.busaccess.SecuredBus;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.contract.access.BusScope;
import io.nats.client.Connection;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A nats-server of the test's own, on a free port with its own store, that the test may stop and
 * start again (same port, same data) without disturbing the shared server. It is a secured bus like
 * every other one of Marketbus: configured from the contract ({@link SecuredBus}, any namespace),
 * refusing anonymous clients; connect with {@link #connect} as an identity of {@link #identities()}.
 */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final Path store;
    private final SecuredBus bus;
    private Process process;

    private NatsServerProcess(int port, Path store, boolean tls) throws IOException {
        this.port = port;
        this.store = store;
        this.bus = SecuredBus.in(store).write(EventCatalogue.load(), BusScope.anyNamespace(), "127.0.0.1", port,
                store.resolve("jetstream"), tls);
    }

    public static NatsServerProcess start() throws IOException {
        return start(false);
    }

    /** With {@code tls}, the server requires TLS with a certificate of a local CA, which {@link #identities()} trusts. */
    public static NatsServerProcess start(boolean tls) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        NatsServerProcess server = new NatsServerProcess(port, Files.createTempDirectory("marketbus-nats"), tls);
        server.startAgain();
        return server;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The credentials folder: {@code marketbus.nats.credentials} for services started against this server. */
    public BusIdentities identities() {
        return bus.identities();
    }

    /** A connection as {@code identity} (a service's bus name or {@link BusPermissions#PROVISIONING}). */
    public Connection connect(String identity, String connectionName) throws IOException, InterruptedException {
        return TestNats.connect(url(), connectionName, identities(), identity);
    }

    public synchronized void startAgain() throws IOException {
        String binary = System.getenv().getOrDefault("NATS_SERVER_BIN", "nats-server");
        process = new ProcessBuilder(List.of(binary, "-c", bus.configuration().toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(store.resolve("server.log").toFile()))
                .start();
        Awaitility.await("nats-server listening on " + port).atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50)).until(this::listening);
    }

    /** Kills the server abruptly (SIGKILL), as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
            process = null;
        }
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
