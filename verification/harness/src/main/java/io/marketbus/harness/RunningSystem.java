package io.marketbus.harness;

import io.marketbus.contract.ServiceName;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TcpProxy;
import io.marketbus.testkit.TestNats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The whole system as separate processes of the launcher artifact, against the shared NATS (in a
 * namespace of its own) and a PostgreSQL database of its own (one schema per service). Closing it
 * stops every process and removes the database and the streams.
 *
 * <p>{@link #startEmbedded}: the other shape, the one {@code ./marketbus run} starts: all five
 * services in one process with the embedded H2 databases in the system's data folder.
 */
public final class RunningSystem implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@marketbus.local";
    public static final String ADMIN_PASSWORD = "system-test-admin-" + UUID.randomUUID();
    /** The service catalogue's bus names, authnsvc first. */
    static final List<String> SERVICES = Arrays.stream(ServiceName.values()).map(ServiceName::busName).toList();

    private final TestNats nats;
    private final String natsUrl;
    private final String database;
    private final Path dataDir;
    private final List<ServiceProcess> processes = new ArrayList<>();
    /** Ports of each service's first instance, chosen up front so every service knows where the others are. */
    private final Map<String, Integer> firstPorts = new HashMap<>();
    /** Extra environment of every process (e.g. MARKETBUS_STREAMS_REPLICAS), set before the first one starts. */
    private final Map<String, String> extraEnvironment = new HashMap<>();
    /** Between the processes and PostgreSQL when asked for, so that a test can cut the database off; else null. */
    private TcpProxy databaseProxy;
    /** The one process of an embedded system, else null. */
    private ServiceProcess embedded;

    private RunningSystem(TestNats nats, String natsUrl, String database, Path dataDir) throws IOException {
        this.nats = nats;
        this.natsUrl = natsUrl;
        this.database = database;
        this.dataDir = dataDir;
        for (String service : SERVICES) {
            firstPorts.put(service, freePort());
        }
    }

    /** Starts one instance of every service (more with {@link #startInstance}) on the shared NATS. */
    public static RunningSystem start() throws Exception {
        return start(TestNats.start(), Map.of());
    }

    /**
     * The same on another NATS server (e.g. one the caller starts, stops and restarts itself), with
     * extra environment variables for every service process, e.g. {@code MARKETBUS_STREAMS_REPLICAS=3}
     * on a NATS cluster. The system closes {@code nats}.
     */
    public static RunningSystem start(TestNats nats, Map<String, String> extraEnvironment) throws Exception {
        return start(nats, extraEnvironment, false);
    }

    /**
     * The same, and with {@code databaseProxy} the processes reach PostgreSQL through a {@link TcpProxy}
     * ({@link #databaseProxy()}) that the caller may cut and restore: a database outage of any length
     * while the server and its data stay as they were. The harness's own reads go direct.
     */
    public static RunningSystem start(TestNats nats, Map<String, String> extraEnvironment, boolean databaseProxy)
            throws Exception {
        String natsUrl = nats.url();
        String database = "mb_system_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(TestDatabase.URL, TestDatabase.USER, "");
             Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
        RunningSystem system = new RunningSystem(nats, natsUrl, database,
                Files.createTempDirectory("marketbus-system"));
        system.extraEnvironment.putAll(extraEnvironment);
        try {
            if (databaseProxy) {
                URI server = URI.create(TestDatabase.URL.substring("jdbc:".length()));
                system.databaseProxy = TcpProxy.to(server.getHost(), server.getPort() < 0 ? 5432 : server.getPort());
            }
            // authn first: the others fetch its JWKS and their service tokens from it.
            system.startInstance("authnsvc", "1").awaitHealthy(Duration.ofSeconds(90));
            try (ExecutorService starting = Executors.newFixedThreadPool(SERVICES.size())) {
                List<Future<ServiceProcess>> started = new ArrayList<>();
                for (String service : SERVICES.subList(1, SERVICES.size())) {
                    started.add(starting.submit(() -> system.startInstance(service, "1").awaitHealthy(Duration.ofSeconds(120))));
                }
                for (Future<ServiceProcess> f : started) {
                    f.get();
                }
            }
            return system;
        } catch (Exception | Error e) {
            closeAfterFailure(system, e);
            throw e;
        }
    }

    /** {@link #startEmbedded(TestNats)} on the shared NATS, in a namespace of its own. */
    public static RunningSystem startEmbedded() throws Exception {
        return startEmbedded(TestNats.start());
    }

    /**
     * The whole system in one process ({@code marketbus.jar run}, as {@code ./marketbus run} starts
     * it) on {@code nats}, with the embedded H2 databases in a data folder of its own; every
     * service on a port of its own ({@code MARKETBUS_PORTS_<SERVICE>}). No more instances can be
     * started. The system closes {@code nats}.
     */
    public static RunningSystem startEmbedded(TestNats nats) throws Exception {
        RunningSystem system = new RunningSystem(nats, nats.url(), null, Files.createTempDirectory("marketbus-embedded"));
        try {
            Map<String, String> env = system.environment();
            system.firstPorts.forEach((service, port) -> env.put("MARKETBUS_PORTS_" + service.toUpperCase(java.util.Locale.ROOT),
                    String.valueOf(port)));
            env.put("MARKETBUS_PORTS_CONSOLE", String.valueOf(freePort()));
            ServiceProcess process = new ServiceProcess(new ServiceProcess.Launch("marketbus", "embedded",
                    system.firstPorts.get("authnsvc"), env, system.dataDir.resolve("marketbus-run.log"), List.of("run")));
            system.embedded = process;
            process.start();
            for (String service : SERVICES) {
                int port = system.firstPorts.get(service);
                org.awaitility.Awaitility.await("embedded " + service + " healthy on " + port).atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(250)).until(() -> process.healthy(port));
            }
            return system;
        } catch (Exception | Error e) {
            closeAfterFailure(system, e);
            throw e;
        }
    }

    /** The caller of a start that failed gets no system to close: stop what did start, or its processes outlive the run. */
    private static void closeAfterFailure(RunningSystem system, Throwable failure) {
        try {
            system.close();
        } catch (Exception closing) {
            failure.addSuppressed(closing);
        }
    }

    /** The one process of an embedded system; empty for the processes shape. */
    public java.util.Optional<ServiceProcess> embedded() {
        return java.util.Optional.ofNullable(embedded);
    }

    /**
     * Starts one more process of a service.
     *
     * @param springArguments extra {@code --key=value} settings for this instance only
     */
    public synchronized ServiceProcess startInstance(String service, String instance, String... springArguments)
            throws IOException {
        if (embedded != null) {
            throw new IllegalStateException("an embedded system runs every service in its one process");
        }
        int port = instances(service).isEmpty() ? firstPorts.get(service) : freePort();
        ServiceProcess process = new ServiceProcess(ServiceProcess.Launch.service(service, instance, port, environment(),
                dataDir.resolve(service + "-" + instance + ".log"), List.of(springArguments)));
        processes.add(process);
        return process.start();
    }

    public ServiceProcess first(String service) {
        return instances(service).getFirst();
    }

    public synchronized List<ServiceProcess> instances(String service) {
        return processes.stream().filter(p -> p.service().equals(service)).toList();
    }

    /** Where the service's first instance (or, embedded, the service) answers. */
    public String url(String service) {
        return "http://127.0.0.1:" + firstPorts.get(service);
    }

    public String natsUrl() {
        return natsUrl;
    }

    /** Every process started so far. */
    public synchronized List<ServiceProcess> processes() {
        return List.copyOf(processes);
    }

    /** The database (one schema per service) this system uses. */
    public String databaseUrl() {
        return TestDatabase.URL.substring(0, TestDatabase.URL.lastIndexOf('/') + 1) + database;
    }

    /** The proxy between the processes and PostgreSQL, or null when they connect direct. */
    public TcpProxy databaseProxy() {
        return databaseProxy;
    }

    public TestNats nats() {
        return nats;
    }

    public Path logs() {
        return dataDir;
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("NATS_URL", natsUrl);
        env.put("MARKETBUS_NAMESPACE", nats.namespace().prefix());
        nats.credentials().ifPresent(folder -> env.put("MARKETBUS_NATS_CREDENTIALS", folder.toString()));
        if (database != null) { // embedded: none, so the services take their H2 default
            env.put("MARKETBUS_DATABASE_URL", databaseProxy == null ? databaseUrl()
                    : "jdbc:postgresql://127.0.0.1:" + databaseProxy.port() + "/" + database);
            env.put("MARKETBUS_DATABASE_USERNAME", TestDatabase.USER);
        }
        env.put("MARKETBUS_DATA_DIR", dataDir.toString());
        env.put("MARKETBUS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // Where the services find each other (ports are chosen per run).
        String authn = "http://127.0.0.1:" + firstPorts.get("authnsvc");
        env.put("MARKETBUS_SECURITY_JWKS_URI", authn + "/.well-known/jwks.json");
        env.put("MARKETBUS_SECURITY_TOKEN_URI", authn + "/v1/authnsvc/service-tokens");
        env.put("MARKETBUS_AUTHZ_URL", "http://127.0.0.1:" + firstPorts.get("authzsvc"));
        env.putAll(extraEnvironment);
        return env;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        processes.forEach(ServiceProcess::close);
        if (embedded != null) {
            embedded.close();
        }
        if (databaseProxy != null) {
            databaseProxy.close();
        }
        nats.close();
        if (database == null) {
            return; // embedded: its databases are files in the data folder
        }
        try (Connection c = DriverManager.getConnection(TestDatabase.URL, TestDatabase.USER, "");
             Statement s = c.createStatement()) {
            s.execute("drop database if exists " + database + " with (force)");
        }
    }
}
