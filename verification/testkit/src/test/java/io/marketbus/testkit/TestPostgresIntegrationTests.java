package io.marketbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestPostgresIntegrationTests {

    @Test
    void startsAnEmbeddedServerWhenNothingAnswersOnTheProbedPort() throws Exception {
        int silent = silentPort(); // closed again: nothing listens there now
        assertThat(TestPostgres.answers("127.0.0.1", silent)).isFalse();

        TestPostgres server = TestPostgres.resolve(Map.of("MARKETBUS_TEST_PG_PORT", String.valueOf(silent)));

        assertThat(server.origin()).isEqualTo(TestPostgres.Origin.EMBEDDED);
        try (Connection c = DriverManager.getConnection(server.url(), server.user(), "");
             Statement s = c.createStatement()) {
            s.execute("create schema probe_schema");
            s.execute("create table probe_schema.t(id bigint primary key)");
            s.execute("insert into probe_schema.t values (1)");
            try (ResultSet rows = s.executeQuery("select count(*), current_setting('server_version_num')::int / 10000,"
                    + " current_setting('max_connections')::int from probe_schema.t")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
                assertThat(rows.getInt(2)).as("PostgreSQL major pinned by the binaries BOM").isEqualTo(18);
                assertThat(rows.getInt(3)).isEqualTo(TestPostgres.EMBEDDED_MAX_CONNECTIONS);
            }
        }
    }

    @Test
    void aRunningServerIsUsedAndGetsItsTestDatabase() throws Exception {
        TestPostgres embedded = TestPostgres.resolve(Map.of("MARKETBUS_TEST_PG_PORT", String.valueOf(silentPort())));
        int port = Integer.parseInt(embedded.url().replaceAll(".*:(\\d+)/.*", "$1"));

        TestPostgres running = TestPostgres.resolve(Map.of("MARKETBUS_TEST_PG_PORT", String.valueOf(port)));

        assertThat(running).isEqualTo(new TestPostgres("jdbc:postgresql://127.0.0.1:" + port + "/test", "postgres",
                TestPostgres.Origin.RUNNING));
        try (Connection c = DriverManager.getConnection(running.url(), running.user(), "");
             Statement s = c.createStatement(); ResultSet row = s.executeQuery("select current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("test"); // created: a fresh server has only 'postgres'
        }
        assertThat(TestPostgres.resolve(Map.of("MARKETBUS_TEST_PG_PORT", String.valueOf(port))).origin())
                .as("a second resolve finds the database there").isEqualTo(TestPostgres.Origin.RUNNING);
    }

    @Test
    void aTierExpectingAnotherKindOfServerFailsAtOnce() {
        TestPostgres given = new TestPostgres("jdbc:postgresql://db.example/x", "u", TestPostgres.Origin.GIVEN);

        assertThat(TestPostgres.expected(given, null)).isSameAs(given);
        assertThat(TestPostgres.expected(given, "given")).isSameAs(given);
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> TestPostgres.expected(given, "EMBEDDED"))
                .withMessageContaining("expects a EMBEDDED PostgreSQL");
    }

    @Test
    void theEmbeddedServerStopsWhenItsJvmIsGone() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresChild.class.getName(),
                String.valueOf(silentPort())).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        assertThat(child.waitFor()).as(output).isZero();
        int port = Integer.parseInt(output.lines().filter(l -> l.startsWith("URL ")).findFirst().orElseThrow()
                .replaceAll(".*:(\\d+)/.*", "$1"));

        Awaitility.await("the orphaned server on " + port + " stopped").atMost(Duration.ofSeconds(30))
                .until(() -> !TestPostgres.answers("127.0.0.1", port));
    }

    private static int silentPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aGivenUrlWinsWithoutProbingOrStarting() {
        TestPostgres server = TestPostgres.resolve(Map.of(
                "MARKETBUS_TEST_PG_URL", "jdbc:postgresql://db.example:6543/other",
                "MARKETBUS_TEST_PG_USER", "tester",
                "MARKETBUS_TEST_PG_PORT", "1"));

        assertThat(server).isEqualTo(new TestPostgres("jdbc:postgresql://db.example:6543/other", "tester",
                TestPostgres.Origin.GIVEN));
    }
}
