package io.marketbus.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.marketbus.harness.ServiceProcess;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * issue 11 item 1, the soak scenario with shortened cache settings: one customer reads their own
 * orders every 3 s while another places an order a second, on three ordersvc instances whose
 * staleness bounds are 6 s, 10 s and 15 s (refresh after about a third), for longer than twice the
 * longest bound. The reader's subject never changes while others' do every second: its refreshes
 * must keep succeeding. Zero 5xx (the issue saw 503 "Permissions cannot be checked" from the
 * staleness bound on, for good), every read 200, and no instance ever resets its cache to get a
 * quiet subject loaded (which is how the cache got by before per-subject floors, 35c1ee1).
 */
class CacheLivenessIntegrationTests {

    /** Staleness bound, refresh after: the instances' cache settings. */
    static final List<Duration[]> SETTINGS = List.of(
            new Duration[] {Duration.ofSeconds(6), Duration.ofSeconds(2)},
            new Duration[] {Duration.ofSeconds(10), Duration.ofSeconds(3)},
            new Duration[] {Duration.ofSeconds(15), Duration.ofSeconds(5)});
    /** Longer than twice the longest staleness bound. */
    static final Duration RUN = Duration.ofSeconds(36);

    static RunningSystem system;
    static Api api;
    static String productId;
    static final List<ServiceProcess> instances = new ArrayList<>();
    static final List<String> readers = new ArrayList<>();
    static final List<String> placers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.start();
        int n = 0;
        for (Duration[] setting : SETTINGS) {
            instances.add(system.startInstance("ordersvc", "stale" + setting[0].toSeconds(),
                    "--marketbus.authz.staleness-bound=" + setting[0], "--marketbus.authz.refresh-after=" + setting[1]));
        }
        for (ServiceProcess instance : instances) {
            instance.awaitHealthy(Duration.ofSeconds(120));
        }
        api = new Api(system);
        String seller = api.signUpAndLogIn("Soak Seller", "seller");
        api.awaitSignUpGrant(seller, "post", "merchants");
        Api.Reply merchant = api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "Soak Goods " + System.nanoTime()), seller);
        assertThat(merchant.status()).as(merchant.toString()).isEqualTo(201);
        Api.Reply product = api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchant.text("id") + "/products",
                Map.of("name", "Soak Pin " + System.nanoTime(), "description", "", "price", "0.01", "quantity", 1_000_000), seller);
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        productId = product.text("id");
        for (ServiceProcess ignored : instances) {
            readers.add(api.signUpAndLogIn("Soak Reader " + n, "customer"));
            placers.add(api.signUpAndLogIn("Soak Placer " + n++, "customer"));
        }
        for (int i = 0; i < instances.size(); i++) {
            api.awaitSignUpGrant(readers.get(i), "post", "orders");
            api.awaitSignUpGrant(placers.get(i), "post", "orders");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void aQuietSubjectIsServedForLongerThanTwiceTheStalenessBoundWhileOthersChangeEverySecond() throws Exception {
        int[] reads = new int[instances.size()];
        int[] orders = new int[instances.size()];
        ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        List<AtomicInteger> readCounts = new ArrayList<>();
        List<AtomicInteger> orderCounts = new ArrayList<>();
        ScheduledExecutorService load = Executors.newScheduledThreadPool(2 * instances.size());
        try {
            for (int i = 0; i < instances.size(); i++) {
                String base = instances.get(i).baseUrl();
                String reader = readers.get(i);
                String placer = placers.get(i);
                String label = "staleness " + SETTINGS.get(i)[0].toSeconds() + " s: ";
                Api.Reply own = api.call(base, "POST", "/v1/ordersvc/orders", Map.of("product_id", productId, "quantity", 1), reader);
                assertThat(own.status()).as(own.toString()).isEqualTo(201);
                String ownId = own.text("id");
                AtomicInteger readCount = new AtomicInteger();
                AtomicInteger orderCount = new AtomicInteger();
                readCounts.add(readCount);
                orderCounts.add(orderCount);
                load.scheduleAtFixedRate(() -> {
                    Api.Reply one = api.call(base, "GET", "/v1/ordersvc/orders/" + ownId, null, reader);
                    Api.Reply list = api.call(base, "GET", "/v1/ordersvc/orders", null, reader);
                    for (Api.Reply r : List.of(one, list)) {
                        if (r.status() >= 500) {
                            serverErrors.add(label + "read " + r);
                        } else if (r.status() != 200) {
                            refusals.add(label + "read " + r);
                        }
                    }
                    readCount.incrementAndGet();
                }, 0, 3, TimeUnit.SECONDS);
                load.scheduleAtFixedRate(() -> {
                    Api.Reply placed = api.call(base, "POST", "/v1/ordersvc/orders",
                            Map.of("product_id", productId, "quantity", 1), placer);
                    if (placed.status() >= 500) {
                        serverErrors.add(label + "place " + placed);
                    } else if (placed.status() != 201) {
                        refusals.add(label + "place " + placed);
                    } else {
                        orderCount.incrementAndGet();
                    }
                }, 0, 1, TimeUnit.SECONDS);
            }
            // The soak runs for its length (a load schedule, not a wait for a condition).
            load.awaitTermination(RUN.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            load.shutdownNow();
            load.awaitTermination(10, TimeUnit.SECONDS);
        }

        long runSeconds = RUN.toSeconds();
        for (int i = 0; i < instances.size(); i++) {
            reads[i] = readCounts.get(i).get();
            orders[i] = orderCounts.get(i).get();
            System.out.printf("cache liveness, staleness %d s / refresh %d s: %d reads (2 requests each), %d orders placed in %d s%n",
                    SETTINGS.get(i)[0].toSeconds(), SETTINGS.get(i)[1].toSeconds(), reads[i], orders[i], runSeconds);
        }
        System.out.printf("cache liveness: %d 5xx, %d other refusals%n", serverErrors.size(), refusals.size());
        assertThat(serverErrors).as("5xx").isEmpty();
        assertThat(refusals).as("403s and other refusals").isEmpty();
        for (int i = 0; i < instances.size(); i++) {
            assertThat(reads[i]).as("reads, staleness %s", SETTINGS.get(i)[0]).isGreaterThanOrEqualTo((int) (runSeconds / 3) - 2);
            assertThat(orders[i]).as("orders, staleness %s", SETTINGS.get(i)[0]).isGreaterThanOrEqualTo((int) (runSeconds * 6 / 10));
            String log = Files.readString(system.logs().resolve("ordersvc-" + instances.get(i).instance() + ".log"));
            assertThat(log).as("no cache reset to get a quiet subject loaded")
                    .doesNotContain("resetting the policy cache");
        }
    }
}
