package io.marketbus.support.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * A service on its embedded database is killed right after committing: every commit that returned
 * is there when the database is opened again. The process is a real one of its own, stopped by
 * {@link Runtime#halt} (no shutdown hook, no close: what SIGKILL leaves). With H2's default write
 * delay this lost every one of the 500 commits, the table included.
 */
class EmbeddedDatabaseCrashIntegrationTests {

    static final int COMMITS = 500;

    @Test
    void whatACommitReturnedForOutlivesAKilledProcess(@TempDir Path dataDir) throws Exception {
        String url = embeddedUrl(dataDir);
        Process writer = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CommitThenDie.class.getName(), url,
                String.valueOf(COMMITS)))
                .redirectErrorStream(true).start();
        String output = new String(writer.getInputStream().readAllBytes());
        assertThat(writer.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("the writer's output").contains("committed " + COMMITS);
        assertThat(writer.exitValue()).as("halted, not closed").isEqualTo(CommitThenDie.HALTED);

        try (Connection reopened = DriverManager.getConnection(url, "sa", "");
             ResultSet count = reopened.createStatement().executeQuery("select count(*) from crash_probe")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(COMMITS);
        }
    }

    /** The URL a service's start-up makes of an empty environment: the embedded default. */
    private static String embeddedUrl(Path dataDir) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test",
                Map.of("marketbus.service", "ordersvc", "marketbus.data-dir", dataDir.toString())));
        new ServiceDatabase().postProcessEnvironment(environment, new SpringApplication());
        return environment.getRequiredProperty("spring.datasource.url");
    }

    /** The killed process: commits one row at a time, says so, and halts with the connection open. */
    public static final class CommitThenDie {

        static final int HALTED = 57;

        public static void main(String[] args) throws Exception {
            Connection connection = DriverManager.getConnection(args[0], "sa", "");
            connection.createStatement().execute("create table crash_probe (id int primary key)");
            connection.setAutoCommit(false);
            int commits = Integer.parseInt(args[1]);
            for (int i = 0; i < commits; i++) {
                connection.createStatement().execute("insert into crash_probe values (" + i + ")");
                connection.commit();
            }
            System.out.println("committed " + commits);
            System.out.flush();
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
