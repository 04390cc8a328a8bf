package io.marketbus.benchmarks.load;

import io.marketbus.benchmarks.bus.RawPublish;
import io.marketbus.benchmarks.load.baselines.AuthzBaselines;
import io.marketbus.benchmarks.load.baselines.BaselineLauncher;
import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.marketbus.harness.ServiceProcess;
import io.nats.client.Connection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load benchmark: starts the whole system (five services as separate processes of the launcher
 * artifact, PostgreSQL, the shared NATS in a namespace of its own) and measures, in one run on one
 * machine,
 * <ol>
 *   <li>the raw JetStream async publish rate on the system's NATS (as {@code BusBenchmark});</li>
 *   <li>completed orders per second end to end under a closed-loop load, and the latency from
 *       {@code POST /orders} to event-order-approved seen on the bus;</li>
 *   <li>events per order (events stored in the five service streams ÷ orders);</li>
 *   <li>the authz cache hit ratio (the services' {@code authz.cache.requests} meters);</li>
 *   <li>the throughput of an authorized {@code GET /v1/ordersvc/orders/{id}} on three extra ordersvc
 *       instances: {@code marketbus.authz.mode=local} (the cached library), {@code off} (no check),
 *       {@code remote} (a call to authzsvc per check); the last two are this module's baselines
 *       ({@link AuthzBaselines}), never in the launcher jar</li>
 * </ol>
 * and prints a table with the ratios. Load generator and services share the machine's cores.
 *
 * <pre>./marketbus bench load [--clients=32] [--customers=64] [--products=16] [--warmup=8] [--saga=30]
 *                      [--get-warmup=3] [--get=10] [--raw-events=20000]</pre>
 */
public final class LoadBenchmark {

    private static final String ORDERS = "/v1/ordersvc/orders";
    private static final int INSTANCE_POOL = 5;
    private static final List<String> CACHED_SERVICES = List.of("authnsvc", "ordersvc", "inventorysvc", "paymentsvc");

    record Settings(int clients, int customers, int products, int warmupSeconds, int sagaSeconds,
                    int getWarmupSeconds, int getSeconds, int rawEvents) {

        static Settings parse(String[] args) {
            Map<String, Integer> values = new HashMap<>(Map.of("clients", 32, "customers", 64, "products", 16,
                    "warmup", 8, "saga", 30, "get-warmup", 3, "get", 10, "raw-events", 20_000));
            for (String arg : args) {
                String[] kv = arg.replaceFirst("^--", "").split("=", 2);
                if (kv.length != 2 || !values.containsKey(kv[0])) {
                    throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet());
                }
                values.put(kv[0], Integer.parseInt(kv[1]));
            }
            return new Settings(values.get("clients"), values.get("customers"), values.get("products"),
                    values.get("warmup"), values.get("saga"), values.get("get-warmup"), values.get("get"),
                    values.get("raw-events"));
        }
    }

    record Customer(String token, String firstOrder) {}

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

    record GetResult(String mode, int seconds, long ok, long errors, Latencies latencies, int ownerStatus,
                     int foreignStatus, String failure) {
        static GetResult failed(String mode, String failure) {
            return new GetResult(mode, 0, 0, 0, new Latencies(), 0, 0, failure);
        }

        double perSecond() {
            return failure != null ? Double.NaN : ok / (double) seconds;
        }
    }

    record CacheStats(long hits, long misses) {
        CacheStats minus(CacheStats other) {
            return new CacheStats(hits - other.hits, misses - other.misses);
        }

        double ratio() {
            return hits + misses == 0 ? Double.NaN : hits / (double) (hits + misses);
        }
    }

    private final Settings settings;
    private final RunningSystem system;
    private final Api api;
    private final LoadClient client = new LoadClient();
    private final EventWatch watch;
    private final String admin;
    private final List<String> products = new ArrayList<>();
    private final List<Customer> customers = new ArrayList<>();
    /** Starts the off and remote instances (the harness's default launcher jar, unless -Dmarketbus.jar). */
    private final BaselineLauncher baselines =
            BaselineLauncher.over(Path.of(System.getProperty("marketbus.jar", "../launcher/target/marketbus.jar")));

    private LoadBenchmark(Settings settings, RunningSystem system, EventWatch watch) {
        this.settings = settings;
        this.system = system;
        this.api = new Api(system);
        this.watch = watch;
        this.admin = api.admin();
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        long begun = System.nanoTime();
        String loadAtStart = Machine.loadAverage();
        String date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        progress("load average %s; starting the system (5 services as processes)...", loadAtStart);

        RawPublish.Result raw;
        SagaResult saga;
        List<GetResult> gets;
        CacheStats getLocalCache = new CacheStats(0, 0);
        String namespace;
        long systemStart = System.nanoTime();
        try (RunningSystem system = RunningSystem.start();
             Connection nats = system.nats().connect("marketbus-load-watch");
             EventWatch watch = new EventWatch(nats, system.nats().namespace())) {
            namespace = system.nats().namespace().prefix();
            progress("system up in %.0f s (namespace %s)", seconds(systemStart), namespace);
            LoadBenchmark bench = new LoadBenchmark(settings, system, watch);
            bench.prepare();

            progress("raw JetStream publish of %,d events...", settings.rawEvents());
            raw = RawPublish.measure(system.natsUrl(), settings.rawEvents());

            saga = bench.saga();
            gets = new ArrayList<>();
            // One mode at a time: only the instance measured runs beside the system (and PostgreSQL's
            // connections, shared with whatever else runs on the machine, stay few).
            for (String mode : List.of("local", "off", "remote")) {
                ServiceProcess instance;
                try {
                    instance = bench.startModeInstance(mode);
                } catch (RuntimeException e) {
                    progress("ordersvc with mode %s did not start: %s", mode, e.getMessage());
                    gets.add(GetResult.failed(mode, e.getMessage()));
                    continue;
                }
                try (instance) {
                    gets.add(bench.getThroughput(mode, instance));
                    if (mode.equals("local")) {
                        getLocalCache = bench.cacheStats(List.of(instance.baseUrl()));
                    }
                }
            }
            progress("stopping the system...");
        }
        String loadAtEnd = Machine.loadAverage();
        print(settings, date, namespace, loadAtStart, loadAtEnd, raw, saga, gets, getLocalCache, seconds(begun));
    }

    // --- fixture ----------------------------------------------------------------------------------

    /** A seller with products of ample stock, customers with wallets, one paid order each. */
    private void prepare() throws Exception {
        long start = System.nanoTime();
        String seller = api.signUpAndLogIn("Load Seller", "seller");
        String merchant = api.eventually(() -> api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "Load Goods " + System.nanoTime()), seller)).body().path("id").asString();
        for (int i = 0; i < settings.products(); i++) {
            int n = i;
            Api.Reply product = api.eventually(() -> api.post("inventorysvc",
                    "/v1/inventorysvc/merchants/" + merchant + "/products",
                    Map.of("name", "Load item " + n + " " + System.nanoTime(), "description", "",
                            "price", "0.10", "quantity", 1_000_000), seller));
            require(product.status() == 201, "product: " + product);
            products.add(product.text("id"));
        }
        // Every customer's wallet opens with 100.00: 1,000 orders at 0.10 each.
        try (ExecutorService signUps = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
            List<Future<Customer>> signedUp = new ArrayList<>();
            for (int i = 0; i < settings.customers(); i++) {
                int n = i;
                signedUp.add(signUps.submit(() -> customer(n)));
            }
            for (Future<Customer> customer : signedUp) {
                customers.add(customer.get());
            }
        }
        progress("fixture: %d products, %d customers with a paid order each, in %.0f s",
                products.size(), customers.size(), seconds(start));
    }

    /** Signs up, places a first order (once the grant to order has arrived) and waits until it is paid. */
    private Customer customer(int n) throws Exception {
        String token = api.signUpAndLogIn("Load Customer " + n, "customer");
        Api.Reply placed = api.eventually(() -> api.post("ordersvc", ORDERS,
                Map.of("product_id", products.get(n % products.size()), "quantity", 1), token));
        require(placed.status() == 201, "first order: " + placed);
        String order = placed.text("id");
        EventWatch.Outcome outcome = watch.outcome(order).get(60, TimeUnit.SECONDS);
        watch.forget(order);
        require(outcome.kind() == EventWatch.Kind.APPROVED, "first order of customer " + n + " ended " + outcome);
        return new Customer(token, order);
    }

    // --- the saga under load ---------------------------------------------------------------------

    private final class SagaLoad {
        final boolean measured;
        final long deadline;
        final LongAdder posted = new LongAdder();
        final LongAdder approvedInWindow = new LongAdder();
        final LongAdder approved = new LongAdder();
        final LongAdder canceled = new LongAdder();
        final LongAdder outOfStock = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder postErrors = new LongAdder();
        final Latencies endToEnd = new Latencies();
        final Latencies post = new Latencies();

        SagaLoad(boolean measured, int seconds) {
            this.measured = measured;
            this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        }

        /** Closed loop: order, wait for its outcome on the bus, order again, until the deadline. */
        void client(int index) {
            String orderUrl = system.url("ordersvc");
            int clients = settings.clients();
            for (long k = 0; System.nanoTime() < deadline; k++) {
                Customer customer = customers.get((int) ((index + k * clients) % customers.size()));
                String product = products.get(ThreadLocalRandom.current().nextInt(products.size()));
                long start = System.nanoTime();
                LoadClient.Reply reply;
                try {
                    reply = client.post(orderUrl, ORDERS, Map.of("product_id", product, "quantity", 1), customer.token());
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
                    outcome = watch.outcome(order).get(30, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    timedOut.increment();
                    continue;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                } finally {
                    watch.forget(order);
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

        /** Runs the clients until the deadline, and returns when every order they placed has ended. */
        void run() {
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < settings.clients(); i++) {
                    int index = i;
                    clients.submit(() -> client(index));
                }
            }
        }
    }

    private SagaResult saga() throws Exception {
        progress("saga warm-up: %d clients for %d s...", settings.clients(), settings.warmupSeconds());
        new SagaLoad(false, settings.warmupSeconds()).run();
        awaitQuietBus();

        long storedBefore = watch.storedEvents();
        Map<String, Long> typesBefore = watch.countsByType();
        CacheStats cacheBefore = cacheStats(firstInstances());
        progress("saga: %d clients for %d s...", settings.clients(), settings.sagaSeconds());
        SagaLoad load = new SagaLoad(true, settings.sagaSeconds());
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
        awaitQuietBus();
        long storedAfter = watch.storedEvents();
        Map<String, Long> typesAfter = watch.countsByType();
        CacheStats cache = cacheStats(firstInstances()).minus(cacheBefore);

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

    /** Until the service streams have stopped growing for a second (at most 20 s): the saga's tail. */
    private void awaitQuietBus() throws Exception {
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

    // --- authz --------------------------------------------------------------------------------------

    private List<String> firstInstances() {
        return CACHED_SERVICES.stream().map(system::url).toList();
    }

    /** Sums the {@code authz.cache.requests} hits and misses of these instances ({@code /actuator/metrics}). */
    private CacheStats cacheStats(List<String> baseUrls) throws Exception {
        long hits = 0;
        long misses = 0;
        for (String baseUrl : baseUrls) {
            hits += meter(baseUrl, "authz.cache.requests", "result:hit");
            misses += meter(baseUrl, "authz.cache.requests", "result:miss");
        }
        return new CacheStats(hits, misses);
    }

    private long meter(String baseUrl, String name, String tag) throws Exception {
        LoadClient.Reply reply = client.get(baseUrl, "/actuator/metrics/" + name + "?tag=" + tag, admin);
        if (reply.status() == 404) {
            return 0;
        }
        require(reply.status() == 200, "metrics of " + baseUrl + ": " + reply);
        return (long) reply.json().path("measurements").path(0).path("value").asDouble();
    }

    /**
     * One more ordersvc instance with this authz mode. {@code off} and {@code remote} exist only in
     * this module ({@link AuthzBaselines}): their instances start with it on the class path.
     */
    private ServiceProcess startModeInstance(String mode) throws Exception {
        long start = System.nanoTime();
        // A small connection pool (a GET reads one row): PostgreSQL's connections are shared with
        // whatever else runs on the machine, and the five services hold 10 each already.
        Callable<ServiceProcess> starting = () -> system.startInstance("ordersvc", "load-" + mode,
                "--marketbus.authz.mode=" + mode, "--spring.datasource.hikari.maximum-pool-size=" + INSTANCE_POOL);
        boolean baseline = !mode.equals("local");
        ServiceProcess instance = baseline ? baselines.starting(starting) : starting.call();
        try {
            instance.awaitHealthy(Duration.ofSeconds(120));
            // A baseline instance has no policy cache; one that has was started without the baselines.
            int cacheMeter = client.get(instance.baseUrl(), "/actuator/metrics/authz.cache.size", admin).status();
            require(baseline == (cacheMeter == 404), "ordersvc with marketbus.authz.mode=" + mode
                    + (baseline ? " has a policy cache: AuthzBaselines was not on its class path" : " has no policy cache"));
        } catch (Exception e) {
            instance.close();
            throw e;
        }
        progress("ordersvc with marketbus.authz.mode=%s up in %.0f s", mode, seconds(start));
        return instance;
    }

    /**
     * {@code GET /v1/ordersvc/orders/{id}} by the order's owner on one instance, closed loop over the
     * customers' first orders; first whether the instance enforces at all (a customer reading
     * another's order).
     */
    private GetResult getThroughput(String mode, ServiceProcess instance) {
        String base = instance.baseUrl();
        int owner = call(() -> client.get(base, ORDERS + "/" + customers.get(0).firstOrder(), customers.get(0).token()).status());
        int foreign = call(() -> client.get(base, ORDERS + "/" + customers.get(0).firstOrder(), customers.get(1).token()).status());
        progress("GET on the %s instance: owner %d, other customer %d; %d s warm-up, %d s measured...",
                mode, owner, foreign, settings.getWarmupSeconds(), settings.getSeconds());
        getLoad(base, settings.getWarmupSeconds(), new LongAdder(), new LongAdder(), new Latencies());
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        Latencies latencies = new Latencies();
        getLoad(base, settings.getSeconds(), ok, errors, latencies);
        return new GetResult(mode, settings.getSeconds(), ok.sum(), errors.sum(), latencies, owner, foreign, null);
    }

    private void getLoad(String base, int seconds, LongAdder ok, LongAdder errors, Latencies latencies) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int clients = settings.clients();
        try (ExecutorService running = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                int index = i;
                running.submit(() -> {
                    for (long k = 0; ; k++) {
                        Customer customer = customers.get((int) ((index + k * clients) % customers.size()));
                        long start = System.nanoTime();
                        if (start >= deadline) {
                            return;
                        }
                        try {
                            int status = client.get(base, ORDERS + "/" + customer.firstOrder(), customer.token()).status();
                            long end = System.nanoTime();
                            if (status == 200 && end <= deadline) {
                                ok.increment();
                                latencies.record(end - start);
                            } else if (status != 200) {
                                errors.increment();
                            }
                        } catch (Exception e) {
                            errors.increment();
                        }
                    }
                });
            }
        }
    }

    // --- output -------------------------------------------------------------------------------------

    private static void print(Settings s, String date, String namespace, String loadAtStart, String loadAtEnd,
                              RawPublish.Result raw, SagaResult saga, List<GetResult> gets, CacheStats getLocalCache,
                              double totalSeconds) {
        Map<String, GetResult> byMode = new HashMap<>();
        gets.forEach(g -> byMode.put(g.mode(), g));
        GetResult local = byMode.get("local");
        GetResult off = byMode.get("off");
        GetResult remote = byMode.get("remote");

        System.out.println();
        System.out.printf("Marketbus load benchmark, %s%n", date);
        System.out.printf("machine: %d cores (%s), %s; load average %s at start, %s at end; whole run %.0f s%n",
                Machine.cores(), Machine.cpu(), Machine.jdk(), loadAtStart, loadAtEnd, totalSeconds);
        System.out.printf("system:  5 services as processes of the launcher jar (-Xmx384m, C1 only), PostgreSQL, "
                + "NATS namespace %s;%n         load generator in the same machine: %d closed-loop clients "
                + "(virtual threads), %d customers, %d products%n%n", namespace, s.clients(), s.customers(), s.products());

        String row = "%-58s %16s  %s%n";
        System.out.printf(row, "measure", "value", "detail");
        System.out.printf(row, "-".repeat(58), "-".repeat(16), "-".repeat(40));
        System.out.printf(row, "raw JetStream async publish (acked)", rate(raw.rate(), "msg/s"),
                String.format("%,d events of %d B in %.2f s, window %,d", raw.events(), raw.bytes(), raw.seconds(),
                        RawPublish.WINDOW));
        System.out.printf(row, "orders completed (paid) end to end", rate(saga.ordersPerSecond(), "orders/s"),
                String.format("%,d paid within %d s; %,d placed, %d canceled, %d out of stock, %d timed out, %d POST errors",
                        saga.approvedInWindow(), saga.seconds(), saga.posted(), saga.canceled(), saga.outOfStock(),
                        saga.timedOut(), saga.postErrors()));
        System.out.printf(row, "latency POST -> event-order-approved p50/p90/p99/max", "", saga.endToEnd().summary());
        System.out.printf(row, "latency POST /orders (201) p50/p90/p99/max", "", saga.post().summary());
        System.out.printf(row, "events per order", String.format("%.2f", saga.eventsPerOrder()),
                String.format("%,d events stored for %,d orders", saga.eventsOfOrders(), saga.posted()));
        saga.eventsByType().forEach((type, count) -> System.out.printf(row, "  " + type,
                String.format("%.2f", count / (double) saga.posted()), ""));
        System.out.printf(row, "saga events per second", rate(saga.eventsPerSecond(), "events/s"),
                String.format("%,d events stored within the %d s", saga.eventsInWindow(), saga.seconds()));
        System.out.printf(row, "authz cache hit ratio (saga, 4 services summed)", percent(saga.cache().ratio()),
                String.format("%,d hits, %,d misses", saga.cache().hits(), saga.cache().misses()));
        System.out.printf(row, "authz cache hit ratio (GET phase, local instance)", percent(getLocalCache.ratio()),
                String.format("%,d hits, %,d misses", getLocalCache.hits(), getLocalCache.misses()));
        for (GetResult get : gets) {
            System.out.printf(row, "GET /orders/{id}, authz " + get.mode() + switch (get.mode()) {
                        case "local" -> " (cached library)";
                        case "off" -> " (no check)";
                        default -> " (authzsvc call per check)";
                    }, get.failure() != null ? "-" : rate(get.perSecond(), "req/s"),
                    get.failure() != null ? "instance did not start: " + get.failure()
                            : String.format("p50/p90/p99/max %s; %d errors; owner %d, other customer %d",
                                    get.latencies().summary(), get.errors(), get.ownerStatus(), get.foreignStatus()));
        }
        System.out.println();
        System.out.printf(row, "ratio", "value", "");
        System.out.printf(row, "-".repeat(58), "-".repeat(16), "");
        System.out.printf(row, "saga events/s ÷ raw publish rate", String.format("%.4f", saga.eventsPerSecond() / raw.rate()), "");
        if (local != null && off != null) {
            System.out.printf(row, "authz on (local) ÷ authz off", String.format("%.2f", local.perSecond() / off.perSecond()), "");
        }
        if (local != null && remote != null) {
            System.out.printf(row, "authz on (local) ÷ remote check", String.format("%.2f", local.perSecond() / remote.perSecond()), "");
        }
    }

    private static String rate(double value, String unit) {
        return String.format("%,.1f %s", value, unit);
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format("%.2f %%", ratio * 100);
    }

    // --- small things -------------------------------------------------------------------------------

    interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[load] " + format + "%n", args);
    }
}
