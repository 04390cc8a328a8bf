package io.marketbus.testkit;

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
 * start again (same port, same data) without disturbing the shared server.
 */
public final class NatsServerProcess implements AutoCloseable {

    private final int port;
    private final Path store;
    private Process process;

    private NatsServerProcess(int port, Path store) {
        this.port = port;
        this.store = store;
    }

    public static NatsServerProcess start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        NatsServerProcess server = new NatsServerProcess(port, Files.createTempDirectory("marketbus-nats"));
        server.startAgain();
        return server;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    public synchronized void startAgain() throws IOException {
        String binary = System.getenv().getOrDefault("NATS_SERVER_BIN", "nats-server");
        process = new ProcessBuilder(List.of(binary, "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", store.toString()))
                .redirectErrorStream(true)
                .redirectOutput(store.resolve("server.log").toFile())
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
