package io.marketbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.ServiceName;
import io.marketbus.testkit.Health;
import io.marketbus.testkit.TestNats;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./marketbus run} on a fresh clone: the five services in one JVM with their embedded
 * databases under a data folder that does not exist yet. They used to race to create
 * {@code data/h2}, and H2 failed one of them ("a file with this name already exists"); so the
 * start is repeated, each time on a new empty folder, on the real NATS in a namespace of its own.
 */
class FirstRunIntegrationTests {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RepeatedTest(5)
    void everyServiceStartsHealthyOnAnEmptyDataFolder(@TempDir Path temp) throws Exception {
        Path dataDir = temp.resolve("data"); // not there yet, as on a fresh clone
        try (TestNats nats = TestNats.start()) {
            List<String> args = new ArrayList<>(nats.arguments());
            args.addAll(List.of(
                    "--marketbus.data-dir=" + dataDir,
                    "--marketbus.database.url="));
            for (ServiceName service : ServiceName.values()) {
                args.add("--marketbus.ports." + service.busName() + "=" + freePort());
            }
            LaunchSettings settings = LaunchSettings.of(args.toArray(String[]::new));
            assertThat(settings.embeddedDatabases()).isTrue();
            assertThat(Files.exists(dataDir)).isFalse();

            try (SystemRun.Running running = new SystemRun(ServiceCatalog.installed()).start(settings, List.of())) {
                assertThat(running.contexts()).hasSize(ServiceName.values().length);
                for (ServiceName service : ServiceName.values()) {
                    String health = settings.localUrl(service) + "/actuator/health";
                    Awaitility.await(service + " healthy at " + health).atMost(Duration.ofSeconds(60))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> healthy(health));
                }
                assertThat(dataDir.resolve("h2")).isDirectory();
                // One logback context for all of them: no service binds its metrics to it (they raced at start).
                running.contexts().values().forEach(context -> assertThat(context.getBeanNamesForType(
                        io.micrometer.core.instrument.binder.logging.LogbackMetrics.class)).isEmpty());
            }
        }
    }

    private boolean healthy(String url) {
        return Health.isUp(http, url, Duration.ofSeconds(5));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
