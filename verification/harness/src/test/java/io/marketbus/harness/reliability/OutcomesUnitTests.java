package io.marketbus.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A load passes only when it did work: most orders terminal, and every outcome of the saga reached. */
class OutcomesUnitTests {

    private static final Map<String, Long> EVERY_OUTCOME = Map.of("paid", 60L, "product_out_of_stock", 20L, "failed", 10L,
            "canceled", 5L);

    @Test
    void aLoadThatReachedEveryOutcomeWithNinetyFivePercentTerminalPasses() {
        assertThat(new SystemChecks.Outcomes(100, 95, EVERY_OUTCOME).violations()).isEmpty();
        assertThat(new SystemChecks.Outcomes(1, 1, EVERY_OUTCOME).violations()).isEmpty();
    }

    @Test
    void aRunThatDidNoWorkFails() {
        assertThat(new SystemChecks.Outcomes(0, 0, Map.of()).violations())
                .singleElement().asString().contains("no order");
    }

    @Test
    void fewerThanNinetyFivePercentOfAttemptedOrdersTerminalFails() {
        assertThat(new SystemChecks.Outcomes(100, 94, EVERY_OUTCOME).violations())
                .singleElement().asString().contains("94 of 100");
        // 95 % of 21 is 19.95: twenty must be terminal, nineteen is too few.
        assertThat(new SystemChecks.Outcomes(21, 19, EVERY_OUTCOME).violations()).hasSize(1);
        assertThat(new SystemChecks.Outcomes(21, 20, EVERY_OUTCOME).violations()).isEmpty();
    }

    @Test
    void everyOutcomeOfTheSagaMustBeReachedAtLeastOnce() {
        for (String outcome : SystemChecks.Outcomes.DEMANDED) {
            Map<String, Long> missing = new java.util.HashMap<>(EVERY_OUTCOME);
            missing.put(outcome, 0L);
            assertThat(new SystemChecks.Outcomes(100, 100, missing).violations()).as("without %s", outcome)
                    .singleElement().asString().contains("no order ended " + outcome);
            missing.remove(outcome);
            assertThat(new SystemChecks.Outcomes(100, 100, missing).violations()).as("%s absent", outcome).hasSize(1);
        }
        assertThat(new SystemChecks.Outcomes(100, 100, Map.of("paid", 100L)).violations()).hasSize(3);
        assertThat(SystemChecks.Outcomes.DEMANDED).containsExactlyInAnyOrder("paid", "product_out_of_stock", "failed", "canceled");
    }
}
