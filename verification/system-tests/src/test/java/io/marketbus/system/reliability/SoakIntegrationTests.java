package io.marketbus.system.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.harness.reliability.Figures;
import io.marketbus.harness.reliability.ReliabilityHarness;
import io.marketbus.harness.reliability.Settings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The soak mode, short: two minutes of an order a second and two quiet customers reading their own
 * orders every 3 s, with the authz caches refreshing every 5 s and a staleness bound of 15 s, so
 * that two minutes hold eight staleness bounds (the soak saw its first 503 after one bound
 * and two refreshes). Not one 5xx or 403; every invariant holds and every outcome was reached.
 */
class SoakIntegrationTests {

    @Test
    void quietReadersAndSteadyBuyersGetNo5xxThroughManyStalenessBounds() throws Exception {
        Figures figures = ReliabilityHarness.mode("soak").runAlone(Settings.builder().seed(5L).settle(Duration.ofMinutes(2))
                .soak(Duration.ofMinutes(2))
                .environment(Map.of("MARKETBUS_AUTHZ_REFRESHAFTER", "5s", "MARKETBUS_AUTHZ_STALENESSBOUND", "15s")).build(),
                new PrintStream(System.out, true));

        assertThat(figures.number("soak 5xx or no answer")).as("5xx answers").isZero();
        assertThat(figures.number("soak 403")).as("403 answers").isZero();
        assertThat(figures.violations()).as("violations").isEmpty();
        assertThat(figures.number("soak minutes reported")).isEqualTo(2);
        @SuppressWarnings("unchecked")
        List<String> minutes = (List<String>) figures.get("soak per minute");
        assertThat(minutes).allSatisfy(line -> assertThat(line).contains(", 5xx 0, 403 0"));
        // An order a second for 120 s and a read every 3 s by each of two readers, less what slow answers cost.
        assertThat(figures.number("soak orders acknowledged (201)")).isGreaterThanOrEqualTo(90);
        assertThat(figures.number("soak reads of own orders")).isGreaterThanOrEqualTo(70);
    }
}
