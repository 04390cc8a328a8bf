package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.progress;
import static io.marketbus.benchmarks.load.LoadFixture.ORDERS;

import io.marketbus.harness.RunningSystem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The saga under a closed-loop load: each client orders, waits for the order's outcome on the bus,
 * and orders again until the deadline. {@link #measure} runs a warm-up, then the measured window.
 */
final class SagaLoad {

    private static final List<String> CACHED_SERVICES = List.of("authnsvc", "ordersvc", "inventorysvc", "paymentsvc");

    record SagaResult(int seconds, long posted, long approvedInWindow, long approved, long canceled, long outOfStock,
                      long timedOut, long postErrors, Latencies endToEnd, Latencies post, long eventsInWindow,
                      long eventsOfOrders, Map<String, Long> eventsByType, CacheStats cache) {

        double ordersPerSecond() {
            return approvedInWindow / (double) seconds;
        }

        double eventsPerSecond() {
            return eventsInWindow / (double) seconds;
        }

        double eventsPerOrder() {
            return eventsOfOrders / (double) posted;
        }
    }

    /** What a saga load runs on: the settings, the system, the client, the bus watch and the fixture. */
    record Testbed(Settings settings, RunningSystem system, LoadClient client, EventWatch watch, LoadFixture fixture) {}

    private final Testbed bed;
    private final long deadline;
    private final LongAdder posted = new LongAdder();
    private final LongAdder approvedInWindow = new LongAdder();
    private final LongAdder approved = new LongAdder();
    private final LongAdder canceled = new LongAdder();
    private final LongAdder outOfStock = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder postErrors = new LongAdder();
    private final Latencies endToEnd = new Latencies();
    private final Latencies post = new Latencies();

    private SagaLoad(Testbed bed, int seconds) {
        this.bed = bed;
        this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    }

    static SagaResult measure(Testbed bed, String admin) throws Exception {
        Settings settings = bed.settings();
        LoadClient client = bed.client();
        EventWatch watch = bed.watch();
        List<String> firstInstances = CACHED_SERVICES.stream().map(bed.system()::url).toList();
        progress("saga warm-up: %d clients for %d s...", settings.clients(), settings.warmupSeconds());
        new SagaLoad(bed, settings.warmupSeconds()).run();
        awaitQuietBus(watch);

        long storedBefore = watch.storedEvents();
        Map<String, Long> typesBefore = watch.countsByType();
        CacheStats cacheBefore = CacheStats.of(client, admin, firstInstances);
        progress("saga: %d clients for %d s...", settings.clients(), settings.sagaSeconds());
        SagaLoad load = new SagaLoad(bed, settings.sagaSeconds());
        AtomicLong storedAtDeadline = new AtomicLong(-1);
        Thread atDeadline = Thread.ofVirtual().start(() -> {
            try {
                TimeUnit.NANOSECONDS.sleep(load.deadline - System.nanoTime());
                storedAtDeadline.set(watch.storedEvents());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        load.run();
        atDeadline.join();
        awaitQuietBus(watch);
        long storedAfter = watch.storedEvents();
        Map<String, Long> typesAfter = watch.countsByType();
        CacheStats cache = CacheStats.of(client, admin, firstInstances).minus(cacheBefore);

        Map<String, Long> byType = new LinkedHashMap<>();
        typesAfter.forEach((type, count) -> {
            long delta = count - typesBefore.getOrDefault(type, 0L);
            if (delta > 0) {
                byType.put(type, delta);
            }
        });
        return new SagaResult(settings.sagaSeconds(), load.posted.sum(), load.approvedInWindow.sum(),
                load.approved.sum(), load.canceled.sum(), load.outOfStock.sum(), load.timedOut.sum(),
                load.postErrors.sum(), load.endToEnd, load.post, storedAtDeadline.get() - storedBefore,
                storedAfter - storedBefore, byType, cache);
    }

    /** Runs the clients until the deadline, and returns when every order they placed has ended. */
    private void run() {
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < bed.settings().clients(); i++) {
                int index = i;
                clients.submit(() -> client(index));
            }
        }
    }

    /** Closed loop: order, wait for its outcome on the bus, order again, until the deadline. */
    private void client(int index) {
        List<LoadFixture.Customer> customers = bed.fixture().customers();
        List<String> products = bed.fixture().products();
        String orderUrl = bed.system().url("ordersvc");
        int clients = bed.settings().clients();
        for (long k = 0; System.nanoTime() < deadline; k++) {
            LoadFixture.Customer customer = customers.get((int) ((index + k * clients) % customers.size()));
            String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
            long start = System.nanoTime();
            LoadClient.Reply reply;
            try {
                reply = bed.client().post(orderUrl, ORDERS, Map.of("product_id", product, "quantity", 1), customer.token());
            } catch (Exception e) {
                postErrors.increment();
                continue;
            }
            long created = System.nanoTime();
            if (reply.status() != 201) {
                postErrors.increment();
                continue;
            }
            posted.increment();
            post.record(created - start);
            String order = reply.json().path("id").asString();
            EventWatch.Outcome outcome;
            try {
                outcome = bed.watch().outcome(order).get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                timedOut.increment();
                continue;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                bed.watch().forget(order);
            }
            switch (outcome.kind()) {
                case APPROVED -> {
                    approved.increment();
                    endToEnd.record(outcome.seenAt() - start);
                    if (outcome.seenAt() <= deadline) {
                        approvedInWindow.increment();
                    }
                }
                case CANCELED -> canceled.increment();
                case OUT_OF_STOCK -> outOfStock.increment();
            }
        }
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
