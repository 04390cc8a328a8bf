package io.marketbus.harness.reliability;

import io.marketbus.eventbus.BusAdministration;
import io.marketbus.eventbus.DeadLetter;
import io.marketbus.testkit.NatsServerProcess;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running system for one reliability mode: the five services as processes, on the shared NATS
 * (in a namespace of their own) or on a nats-server of their own that the harness may kill, plus
 * read access to the services' database schemas and to the bus state.
 */
public final class Sandbox implements AutoCloseable {

    public static final List<String> SERVICES = List.of("authnsvc", "authzsvc", "ordersvc", "inventorysvc", "paymentsvc");

    private final NatsServerProcess ownNats;
    private AutoCloseable natsCluster;
    private final RunningSystem system;
    private final Api api;
    private Connection db;

    private Sandbox(NatsServerProcess ownNats, RunningSystem system) {
        this.ownNats = ownNats;
        this.system = system;
        this.api = new Api(system);
    }

    /**
     * @param ownNatsServer a nats-server of its own (to be killed and restarted) instead of the shared one
     */
    public static Sandbox start(boolean ownNatsServer) throws Exception {
        return start(ownNatsServer, Map.of());
    }

    /** The same with extra environment for every service process. */
    public static Sandbox start(boolean ownNatsServer, Map<String, String> environment) throws Exception {
        return start(ownNatsServer, environment, false);
    }

    /**
     * The same, and with {@code databaseProxy} the services reach PostgreSQL through a proxy that
     * {@link #databaseProxy()} cuts and restores (the sandbox's own reads and checks go direct).
     */
    public static Sandbox start(boolean ownNatsServer, Map<String, String> environment, boolean databaseProxy)
            throws Exception {
        NatsServerProcess nats = ownNatsServer ? NatsServerProcess.start() : null;
        try {
            RunningSystem system = RunningSystem.start(
                    nats == null ? io.marketbus.testkit.TestNats.start() : io.marketbus.testkit.TestNats.on(nats), environment,
                    databaseProxy);
            return new Sandbox(nats, system);
        } catch (Exception | Error e) {
            if (nats != null) {
                nats.close();
            }
            throw e;
        }
    }

    /** On a NATS cluster the caller started; closing the sandbox stops the cluster too. */
    public static Sandbox onCluster(String natsUrls, io.marketbus.busaccess.BusIdentities identities,
                                    Map<String, String> environment, AutoCloseable cluster) throws Exception {
        try {
            Sandbox sandbox = new Sandbox(null, RunningSystem.start(io.marketbus.testkit.TestNats.at(natsUrls, identities), environment));
            sandbox.natsCluster = cluster;
            return sandbox;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    public RunningSystem system() {
        return system;
    }

    public Api api() {
        return api;
    }

    /** The nats-server of its own, or null on the shared server. */
    public NatsServerProcess ownNats() {
        return ownNats;
    }

    /** The proxy between the services and their database, or null when they connect direct. */
    public io.marketbus.testkit.TcpProxy databaseProxy() {
        return system.databaseProxy();
    }

    public String namespace() {
        return system.nats().namespace().prefix();
    }

    // --- the databases ------------------------------------------------------------------------------

    public interface Rows<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public synchronized <T> List<T> query(String sql, Rows<T> rows) {
        for (int attempt = 0; ; attempt++) {
            try {
                if (db == null || db.isClosed() || !db.isValid(2)) {
                    db = DriverManager.getConnection(system.databaseUrl(), TestDatabase.USER, "");
                }
                List<T> result = new ArrayList<>();
                try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        result.add(rows.map(rs));
                    }
                }
                return result;
            } catch (SQLException e) {
                if (attempt >= 2) {
                    throw new IllegalStateException(sql + ": " + e.getMessage(), e);
                }
                db = null;
            }
        }
    }

    public long count(String sql) {
        List<Long> values = query(sql, rs -> rs.getLong(1));
        return values.isEmpty() ? 0 : values.getFirst();
    }

    public List<String> strings(String sql) {
        return query(sql, rs -> rs.getString(1));
    }

    /** Rows of (key, count), e.g. {@code select status, count(*) ... group by status}. */
    public Map<String, Long> countBy(String sql) {
        Map<String, Long> counts = new LinkedHashMap<>();
        query(sql, rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    // --- the bus ------------------------------------------------------------------------------------

    /** One consumer of one of the namespace's streams. */
    public record ConsumerState(String stream, String name, boolean durable, long pending, long ackPending,
                                long redelivered) {
        @Override
        public String toString() {
            return stream + "/" + name + (durable ? "" : " (ephemeral)") + " pending " + pending + ", ack pending "
                    + ackPending + ", redelivered " + redelivered;
        }
    }

    public List<ConsumerState> consumers() {
        try {
            JetStreamManagement management = system.nats().connection().jetStreamManagement();
            List<ConsumerState> states = new ArrayList<>();
            for (String stream : management.getStreamNames()) {
                if (!stream.startsWith(namespace() + "_")) {
                    continue;
                }
                for (ConsumerInfo info : management.getConsumers(stream)) {
                    states.add(new ConsumerState(stream, info.getName(), info.getConsumerConfiguration().getDurable() != null,
                            info.getNumPending(), info.getNumAckPending(), info.getRedelivered()));
                }
            }
            return states;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the consumers: " + e, e);
        }
    }

    /** Messages per stream of the namespace (without the namespace prefix). */
    public Map<String, Long> streamMessages() {
        try {
            JetStreamManagement management = system.nats().connection().jetStreamManagement();
            Map<String, Long> messages = new java.util.TreeMap<>();
            for (String stream : management.getStreamNames()) {
                if (stream.startsWith(namespace() + "_")) {
                    messages.put(stream.substring(namespace().length() + 1),
                            management.getStreamInfo(stream).getStreamState().getMsgCount());
                }
            }
            return messages;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the streams: " + e, e);
        }
    }

    public List<DeadLetter> deadLetters() {
        try {
            return new BusAdministration(system.nats().connection(), system.nats().namespace()).deadLetters().list();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the dead letters: " + e, e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            try {
                system.close();
            } finally {
                if (ownNats != null) {
                    ownNats.close();
                }
                if (natsCluster != null) {
                    natsCluster.close();
                }
            }
        }
    }
}
