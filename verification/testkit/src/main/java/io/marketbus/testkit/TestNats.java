package io.marketbus.testkit;

import io.marketbus.contract.Namespace;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.time.Duration;
import java.util.UUID;

/**
 * The shared JetStream server of the machine (MARKETBUS_NATS_URL, default 127.0.0.1:4222) with a
 * fresh namespace per use, so parallel runs and tests never see each other's streams. Closing it
 * deletes the namespace's streams.
 */
public final class TestNats implements AutoCloseable {

    public static final String URL = System.getenv().getOrDefault("MARKETBUS_NATS_URL", "nats://127.0.0.1:4222");

    private final Namespace namespace;
    private final Connection connection;

    private TestNats(String url) throws Exception {
        String run = System.getenv().getOrDefault("MARKETBUS_TEST_RUN", "");
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.namespace = new Namespace(("t" + (run.isBlank() || run.startsWith("$") ? "" : run + "-") + id));
        this.connection = connect(url, "marketbus-test-" + id);
    }

    public static TestNats start() throws Exception {
        return new TestNats(URL);
    }

    public static TestNats at(String url) throws Exception {
        return new TestNats(url);
    }

    public Namespace namespace() {
        return namespace;
    }

    /** A connection of its own for another simulated instance or service. */
    public Connection connect(String name) throws Exception {
        return connect(connection.getConnectedUrl(), name);
    }

    public Connection connection() {
        return connection;
    }

    /** Like the services' connections: reconnect for ever, so a test may stop and start the server. */
    private static Connection connect(String url, String name) throws Exception {
        return Nats.connect(Options.builder().server(url).connectionName(name).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(5)).build());
    }

    @Override
    public void close() throws Exception {
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            for (String stream : management.getStreamNames()) {
                if (stream.startsWith(namespace.prefix() + "_")) {
                    management.deleteStream(stream);
                }
            }
        } finally {
            connection.close();
        }
    }
}
