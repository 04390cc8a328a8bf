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
 * The crash mode, small: ~100 orders while two service processes are SIGKILLed and restarted and
 * the system's own nats-server is SIGKILLed and restarted once; then every invariant holds.
 */
class CrashRecoveryIntegrationTests {

    @Test
    void ordersThroughKilledServicesAndARestartedNatsServerSettleWithEveryInvariant() throws Exception {
        Figures figures = new CrashMode().runAlone(Settings.builder().orders(100).kills(2).seed(7L).quick(true)
                .settle(Duration.ofMinutes(3)).workers(2).paceMillis(400).build(), new PrintStream(System.out, true));

        assertThat(figures.violations()).as("invariant violations").isEmpty();
        assertThat(figures.number("service kills (SIGKILL)")).isEqualTo(2);
        assertThat(figures.number("service restarts")).isEqualTo(2);
        assertThat(figures.number("nats-server restarts")).isEqualTo(1);
        assertThat(figures.number("orders acknowledged (201)")).isGreaterThanOrEqualTo(95);
        @SuppressWarnings("unchecked")
        Map<String, Long> statuses = (Map<String, Long>) figures.get("orders by status");
        assertThat(statuses.keySet()).as("the load reaches the saga's outcomes").contains("paid", "product_out_of_stock", "failed");
        assertThat(statuses.keySet()).isSubsetOf(SystemChecks.TERMINAL);
    }
}
