package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.progress;
import static io.marketbus.benchmarks.load.LoadFixture.ORDERS;

import io.marketbus.harness.RunningSystem;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The saga under open-loop load ({@link OpenLoop}): each order is due at its time whatever became of
 * the earlier ones, and counts from that time until its event-order-approved passes on the bus. A
 * warm-up, then the search for the highest rate the system sustains ({@link RateSearch}), then a
 * measured window at half that rate, where the percentiles are quoted.
 */
final class SagaLoad {

    private static final List<String> CACHED_SERVICES = List.of("authnsvc", "ordersvc", "inventorysvc", "paymentsvc");

    record SagaResult(RateSearch.Result search, double measuredRate, OpenLoop.Step measured, long eventsOfOrders,
                      Map<String, Long> eventsByType, CacheStats cache) {

        double eventsPerOrder() {
            return measured.sent() == 0 ? Double.NaN : eventsOfOrders / (double) measured.sent();
        }

        /** Events a second on the bus at the measured rate: so many orders a second, each with its events. */
        double eventsPerSecond() {
            return measuredRate * eventsPerOrder();
        }

        /** At the highest rate sustained: that many orders a second, each with this window's events per order. */
        double eventsPerSecondAtHighest() {
            return search.highestSustainable() * eventsPerOrder();
        }
    }

    /** What a saga load runs on: the settings, the system, the client, the bus watch and the fixture. */
    record Testbed(Settings settings, RunningSystem system, LoadClient client, EventWatch watch, LoadFixture fixture) {}

    private SagaLoad() {}

    static SagaResult measure(Testbed bed, String admin) throws Exception {
        Settings settings = bed.settings();
        OpenLoop.Request order = order(bed);
        progress("saga warm-up: %d orders/s for %d s...", settings.fromRate(), settings.warmupSeconds());
        OpenLoop.run(settings.fromRate(), Duration.ofSeconds(settings.warmupSeconds()), settings.orderTimeout(), order);
        awaitQuietBus(bed.watch());

        progress("saga: searching the highest rate with p99 <= %d ms, steps of %d s from %d orders/s...",
                settings.sloMillis(), settings.stepSeconds(), settings.fromRate());
        RateSearch.Result search = new RateSearch(Duration.ofSeconds(settings.stepSeconds()), settings.slo(),
                settings.orderTimeout(), settings.fromRate(), 1.5, 2_000).find(order);
        awaitQuietBus(bed.watch());
        double rate = Math.max(1, search.highestSustainable() / 2);

        List<String> firstInstances = CACHED_SERVICES.stream().map(bed.system()::url).toList();
        long storedBefore = bed.watch().storedEvents();
        Map<String, Long> typesBefore = bed.watch().countsByType();
        CacheStats cacheBefore = CacheStats.of(bed.client(), admin, firstInstances);
        progress("saga: %.1f orders/s (half the highest sustained) for %d s...", rate, settings.sagaSeconds());
        OpenLoop.Step measured = OpenLoop.run(rate, Duration.ofSeconds(settings.sagaSeconds()), settings.orderTimeout(), order);
        awaitQuietBus(bed.watch());
        long storedAfter = bed.watch().storedEvents();
        Map<String, Long> typesAfter = bed.watch().countsByType();
        CacheStats cache = CacheStats.of(bed.client(), admin, firstInstances).minus(cacheBefore);

        Map<String, Long> byType = new LinkedHashMap<>();
        typesAfter.forEach((type, count) -> {
            long delta = count - typesBefore.getOrDefault(type, 0L);
            if (delta > 0) {
                byType.put(type, delta);
            }
        });
        return new SagaResult(search, rate, measured, storedAfter - storedBefore, byType, cache);
    }

    /**
     * One order: placed by the customers in turn, on the products in turn, and OK once its
     * event-order-approved is seen; a refusal, a cancellation or running out of stock is a failure.
     */
    private static OpenLoop.Request order(Testbed bed) {
        List<LoadFixture.Customer> customers = bed.fixture().customers();
        List<String> products = bed.fixture().products();
        String orderUrl = bed.system().url("ordersvc");
        return (index, timeout) -> {
            LoadFixture.Customer customer = customers.get((int) (index % customers.size()));
            String product = products.get((int) ((index / customers.size()) % products.size()));
            LoadClient.Reply reply = bed.client().post(orderUrl, ORDERS, Map.of("product_id", product, "quantity", 1),
                    customer.token());
            if (reply.status() != 201) {
                return OpenLoop.Outcome.FAILED;
            }
            String id = reply.json().path("id").asString();
            try {
                EventWatch.Outcome outcome = bed.watch().outcome(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return outcome.kind() == EventWatch.Kind.APPROVED ? OpenLoop.Outcome.OK : OpenLoop.Outcome.FAILED;
            } catch (TimeoutException e) {
                return OpenLoop.Outcome.TIMED_OUT;
            } finally {
                bed.watch().forget(id);
            }
        };
    }

    /** Until the service streams have stopped growing for a second (at most 20 s): the saga's tail. */
    private static void awaitQuietBus(EventWatch watch) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        int unchanged = 0;
        while (unchanged < 4 && System.nanoTime() < until) {
            long now = watch.storedEvents();
            unchanged = now == last ? unchanged + 1 : 0;
            last = now;
            Thread.sleep(250);
        }
    }
}
