package io.marketbus.testkit;

import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.access.BusPermissions;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared JetStream server of the test run (MARKETBUS_NATS_URL, default 127.0.0.1:4222) with a
 * fresh namespace per use, so parallel runs and tests never see each other's streams. Closing it
 * deletes the namespace's streams.
 *
 * <p>When the server is a secured bus (MARKETBUS_NATS_CREDENTIALS names its credentials folder, as
 * {@code ./marketbus test} does), this connects as the provisioning identity; services under test
 * connect as themselves ({@link #credentials()}, {@link #connectAs}), provisioning with that folder's
 * provisioning identity as a whole-system run does.
 */
public final class TestNats implements AutoCloseable {

    public static final String URL = System.getenv().getOrDefault("MARKETBUS_NATS_URL", "nats://127.0.0.1:4222");

    private final String url;
    private final Namespace namespace;
    private final BusIdentities identities;
    private final Connection connection;

    private TestNats(String url, BusIdentities identities) throws Exception {
        String run = System.getenv().getOrDefault("MARKETBUS_TEST_RUN", "");
        String id = UUID.randomUUID().toString().substring(0, 8);
        this.url = url;
        this.namespace = new Namespace(("t" + (run.isBlank() || run.startsWith("$") ? "" : run + "-") + id));
        this.identities = identities;
        this.connection = connect(url, "marketbus-test-" + id, identities, BusPermissions.PROVISIONING);
    }

    /** The run's shared server. */
    public static TestNats start() throws Exception {
        return new TestNats(URL, BusIdentities.fromEnvironment());
    }

    /** The server(s) at {@code url} whose users' seeds are in {@code identities}, e.g. the reliability harness's cluster. */
    public static TestNats at(String url, BusIdentities identities) throws Exception {
        return new TestNats(url, identities);
    }

    /** A server the test started itself. */
    public static TestNats on(NatsServerProcess server) throws Exception {
        return new TestNats(server.url(), server.identities());
    }

    public Namespace namespace() {
        return namespace;
    }

    public String url() {
        return url;
    }

    /** The credentials folder services under test get ({@code marketbus.nats.credentials}); empty on an open bus. */
    public Optional<Path> credentials() {
        return Optional.ofNullable(identities).map(BusIdentities::folder);
    }

    /**
     * The properties that point a service at this server and namespace, as itself: URL, namespace
     * and, on a secured bus, the credentials folder. The one list of them.
     */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("marketbus.nats.url", url);
        properties.put("marketbus.namespace", namespace.prefix());
        credentials().ifPresent(folder -> properties.put("marketbus.nats.credentials", folder.toString()));
        return properties;
    }

    /** {@link #properties()} as {@code --key=value} arguments. */
    public List<String> arguments() {
        return properties().entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList();
    }

    /** A connection of its own, as the provisioning identity, for another simulated instance or tool. */
    public Connection connect(String name) throws Exception {
        return connect(url, name, identities, BusPermissions.PROVISIONING);
    }

    /** A connection as a service's own identity (anonymous on an open bus): what a service may do, no more. */
    public Connection connectAs(ServiceName service, String name) throws Exception {
        return connect(url, name, identities, service.busName());
    }

    public Connection connection() {
        return connection;
    }

    /** Like the services' connections: reconnect for ever, so a test may stop and start the server. */
    static Connection connect(String url, String name, BusIdentities identities, String identity)
            throws IOException, InterruptedException {
        Options.Builder options = Options.builder().server(url).connectionName(name).maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250)).connectionTimeout(Duration.ofSeconds(5));
        if (identities != null) {
            identities.applyTo(options, identity);
        }
        return Nats.connect(options.build());
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
