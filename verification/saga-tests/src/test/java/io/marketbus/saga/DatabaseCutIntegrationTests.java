package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * PostgreSQL goes away from every service (the proxy they all reach it through is cut) for 60 s
 * under load, with sagas in flight: afterwards every order is terminal, nothing was dead-lettered,
 * and the invariants hold exactly (checked after each test by the fixture).
 */
class DatabaseCutIntegrationTests extends MarketplaceFixture {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCutIntegrationTests.class);
    static final Duration CUT = Duration.ofSeconds(60);
    static final Set<String> TERMINAL = Set.of("paid", "product_out_of_stock", "failed", "canceled");

    @Test
    void sixtySecondsWithoutTheDatabaseUnderLoad_everyOrderEndsTerminal_andNothingIsDeadLettered() throws Exception {
        UUID plenty = shop.productOnSale("1.00", 1_000);
        UUID scarce = shop.productOnSale("1.00", 5);
        List<Long> customers = IntStream.range(0, 8).mapToObj(i -> market.customer()).toList();
        for (long customer : customers) { // each grant has reached ordersvc: no 403 below
            shop.placed(customer, plenty, 1);
        }
        int deadLettersBefore = market.deadLetters();
        Map<UUID, Boolean> accepted = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger attempt = new AtomicInteger();
        AtomicBoolean loading = new AtomicBoolean(true);

        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            // Bursts (five at a time: each service has five connections), so that sagas are in
            // flight when the database goes.
            for (int round = 0; round < 8; round++) {
                int first = round * 5;
                List<Future<?>> burst = IntStream.range(first, first + 5).<Future<?>>mapToObj(i -> load.submit(() ->
                        place(customers.get(i % customers.size()), i % 4 == 0 ? scarce : plenty, accepted, refused)))
                        .toList();
                for (Future<?> f : burst) {
                    f.get();
                }
            }
            assertThat(accepted).as("orders of the bursts").hasSizeGreaterThanOrEqualTo(35);
            // And a steady trickle before, during and after the cut.
            Future<?> trickle = load.submit(() -> {
                while (loading.get()) {
                    int n = attempt.incrementAndGet();
                    place(customers.get(n % customers.size()), n % 5 == 0 ? scarce : plenty, accepted, refused);
                    pace();
                }
            });

            try {
                market.database.cut();
                long inFlight = accepted.keySet().stream().filter(o -> !TERMINAL.contains(shop.status(o))).count();
                log.info("Database cut with {} of {} orders in flight", inFlight, accepted.size());
                assertThat(inFlight).as("sagas in flight when the database went").isPositive();
                int acceptedAtCut = accepted.size();
                await().during(CUT).atMost(CUT.plusSeconds(15)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> market.deadLetters() == deadLettersBefore);
                int acceptedDuringCut = accepted.size() - acceptedAtCut;
                long restored = System.nanoTime();
                market.database.restore();

                // Load goes on until the services take orders again, and a little beyond.
                int acceptedAtRestore = accepted.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> accepted.size() >= acceptedAtRestore + 10);
                log.info("Orders accepted again {} ms after the database came back ({} accepted during the cut, {} refused)",
                        (System.nanoTime() - restored) / 1_000_000, acceptedDuringCut, refused.get());
                assertThat(acceptedDuringCut).as("no order can be stored without the database").isZero();
            } finally {
                // Also when an assertion failed: the marketplace serves the next test class.
                market.database.restore();
                loading.set(false);
            }
            trickle.get();
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(accepted.keySet()).allMatch(o -> TERMINAL.contains(shop.status(o))));
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        accepted.keySet().forEach(o -> byStatus.merge(shop.status(o), 1L, Long::sum));
        log.info("After the cut: {} orders, {}", accepted.size(), byStatus);
        assertThat(accepted.size()).as("orders placed").isGreaterThanOrEqualTo(50);
        assertThat(byStatus.getOrDefault("paid", 0L)).as("paid").isGreaterThanOrEqualTo(25);
        assertThat(byStatus.getOrDefault("product_out_of_stock", 0L)).as("out of stock").isPositive();
        assertThat(refused.get()).as("requests refused while the database was away").isPositive();
        assertThat(market.deadLetters()).as("dead letters").isEqualTo(deadLettersBefore);
    }

    private void place(long customer, UUID product, Map<UUID, Boolean> accepted, AtomicInteger refused) {
        try {
            var response = shop.order(customer, product, 1);
            if (response.getStatusCode() == HttpStatus.CREATED) {
                accepted.put(UUID.fromString((String) response.getBody().get("id")), true);
            } else {
                if (refused.incrementAndGet() <= 3 || !market.database.isCut()) {
                    log.info("Order refused: {} {}", response.getStatusCode(), response.getBody());
                }
            }
        } catch (RuntimeException e) {
            refused.incrementAndGet(); // no answer at all counts as refused too
        }
    }

    /** The trickle's rate: about five orders a second while the services answer. */
    private static void pace() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
