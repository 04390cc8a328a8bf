package io.marketbus.system.reliability;

import io.marketbus.harness.reliability.DuplicatesMode;
import io.marketbus.harness.reliability.Figures;
import io.marketbus.harness.reliability.FuzzMode;
import io.marketbus.harness.reliability.PoisonMode;
import io.marketbus.harness.reliability.Sandbox;
import io.marketbus.harness.reliability.Settings;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The duplicates, fuzz and poison modes, small, on one system (shared NATS, namespace of its own):
 * each ends with the system quiet and every invariant checked.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MisbehavingBusAndClientsIntegrationTests {

    static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Settings settings(int orders) {
        return Settings.builder().orders(orders).seed(11L).quick(true).settle(Duration.ofMinutes(2)).workers(4).build();
    }

    @Test
    @Order(1)
    void everyEventDeliveredTwiceHasItsEffectOnce() throws Exception {
        Figures figures = new DuplicatesMode().runOn(sandbox, settings(30), System.out);

        assertThat(figures.violations()).as("invariant violations").isEmpty();
        assertThat(figures.number("copies published")).isPositive().isEqualTo(figures.number("events seen (originals)"));
        assertThat(figures.number("deliveries dropped as duplicates by the inboxes (marketbus.events.consumed detail=duplicate)"))
                .isPositive();
        assertThat(figures.number("orders acknowledged (201)")).isEqualTo(30);
    }

    @Test
    @Order(2)
    void fuzzedRequestsNeverGetA5xxAndRejectedOnesChangeNothing() throws Exception {
        Figures figures = new FuzzMode().runOn(sandbox, settings(0), System.out);

        assertThat(figures.number("fuzz 5xx or no answer")).as("5xx answers").isZero();
        assertThat(figures.number("fuzz rejected requests that changed state")).isZero();
        assertThat(figures.violations()).as("violations").isEmpty();
        assertThat(figures.number("fuzz requests")).isGreaterThan(500);
    }

    @Test
    @Order(3)
    void poisonIsDeadLetteredAtOnceAndOrdersStillComplete() throws Exception {
        Figures figures = new PoisonMode().runOn(sandbox, settings(0), System.out);

        assertThat(figures.violations()).as("violations").isEmpty();
        assertThat(figures.number("dead letters due (one per receiving service)")).isPositive();
        assertThat(figures.get("order placed after the poison ended")).isEqualTo("paid");
        assertThat(figures.number("max deliveries of a dead letter")).isEqualTo(1);
    }
}
