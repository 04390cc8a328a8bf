package io.marketbus.system.reliability;

import io.marketbus.harness.reliability.CrashMode;
import io.marketbus.harness.reliability.Figures;
import io.marketbus.harness.reliability.Settings;
import io.marketbus.harness.reliability.SystemChecks;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The crash mode, small: ~100 orders while two service processes are SIGKILLed and stay dead 8 s,
 * the system's own nats-server is SIGKILLed and stays away 10 s, and the services' database is cut
 * off for 10 s (real outages, longer than any retry, shortened from the command's 20 s / 30 s / 30 s
 * to keep the test within minutes); then every invariant holds and the load reached every outcome.
 */
class CrashRecoveryIntegrationTests {

    @Test
    void ordersThroughKilledServicesAndARestartedNatsServerSettleWithEveryInvariant() throws Exception {
        Figures figures = new CrashMode().runAlone(Settings.builder().orders(100).kills(2).seed(7L).quick(true)
                .settle(Duration.ofMinutes(3)).workers(2).paceMillis(400)
                .faults(new Settings.Faults(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(8))).build(),
                new PrintStream(System.out, true));

        assertThat(figures.violations()).as("invariant violations").isEmpty();
        assertThat(figures.number("service kills (SIGKILL)")).isEqualTo(2);
        assertThat(figures.number("service restarts")).isEqualTo(2);
        assertThat(figures.number("nats-server restarts")).isEqualTo(1);
        assertThat(figures.number("database cuts")).isEqualTo(1);
        assertThat(String.valueOf(figures.get("chaos"))).as("each fault lasted its length")
                .containsPattern("kill -9 nats-server at order \\d+, listening again after 1\\d\\.\\d s")
                .containsPattern("database cut off every service at order \\d+, reachable again after 1\\d\\.\\d s");
        assertThat(figures.number("orders acknowledged (201)")).isGreaterThanOrEqualTo(95);
        @SuppressWarnings("unchecked")
        Map<String, Long> statuses = (Map<String, Long>) figures.get("orders by status");
        assertThat(statuses.keySet()).as("the load reaches the saga's outcomes")
                .contains("paid", "product_out_of_stock", "failed", "canceled");
        assertThat(statuses.keySet()).isSubsetOf(SystemChecks.TERMINAL);
    }
}
