package io.marketbus.benchmarks.load;

import io.marketbus.benchmarks.bus.RawPublish;
import io.marketbus.benchmarks.load.GetThroughput.GetResult;
import io.marketbus.benchmarks.load.SagaLoad.SagaResult;
import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.marketbus.harness.ServiceProcess;
import io.nats.client.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The load benchmark: starts the whole system (five services as separate processes of the launcher
 * artifact, PostgreSQL, the shared NATS in a namespace of its own) and measures, in one run on one
 * machine,
 * <ol>
 *   <li>the raw JetStream async publish rate on the system's NATS (as {@code BusBenchmark});</li>
 *   <li>the highest rate of orders the saga sustains under open-loop load (p99 from each order's due
 *       time to its event-order-approved seen on the bus within the SLO), and the percentiles at
 *       half that rate ({@link SagaLoad}, {@link OpenLoop}, {@link RateSearch});</li>
 *   <li>events per order (events stored in the five service streams ÷ orders);</li>
 *   <li>each instance's policy update lag p50/p99 under the saga load ({@link UpdateLag});</li>
 *   <li>the authz cache hit ratio (the services' {@code authz.cache.requests} meters, {@link CacheStats});</li>
 *   <li>the throughput of an authorized {@code GET /v1/ordersvc/orders/{id}} on three extra ordersvc
 *       instances: {@code marketbus.authz.mode=local} (the cached library), {@code off} (no check),
 *       {@code remote} (a call to authzsvc per check) ({@link GetThroughput}); the last two are this
 *       module's baselines ({@link io.marketbus.benchmarks.load.baselines.AuthzBaselines}), never in
 *       the launcher jar; the modes interleaved over several rounds</li>
 * </ol>
 * then starts the system again in the embedded shape ({@code marketbus.jar run}: one process, H2
 * databases, a namespace of its own; {@code --embedded=0} skips it) and measures 1-3 there too; and
 * prints a table with the ratios ({@link LoadReport}). Load generator and services share the
 * machine's cores; services and the embedded process get the same JVM options.
 *
 * <pre>./marketbus bench load [--customers=64] [--products=16] [--warmup=120] [--from-rate=10] [--step=15]
 *                      [--slo-ms=1000] [--saga=30] [--clients=32] [--rounds=3] [--get-warmup=3] [--get=10]
 *                      [--raw-events=20000] [--get-jit-warmup=20] [--embedded=1]</pre>
 */
public final class LoadBenchmark {

    private static final List<String> GET_MODES = List.of("local", "off", "remote");
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss");

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.parse(args);
        long begun = System.nanoTime();
        String loadAtStart = Machine.loadAverage();
        String date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        LoadClient client = new LoadClient();

        progress("load average %s; starting the system (5 services as processes)...", loadAtStart);
        ShapeResult processes;
        List<GetResult> gets;
        CacheStats getLocalCache = CacheStats.NONE;
        List<UpdateLag> lags;
        long systemStart = System.nanoTime();
        try (RunningSystem system = RunningSystem.start();
             Connection nats = system.nats().connect("marketbus-load-watch");
             EventWatch watch = new EventWatch(nats, system.nats().namespace())) {
            progress("system up in %.0f s (namespace %s)", seconds(systemStart), system.nats().namespace().prefix());
            Api api = new Api(system);
            String admin = api.admin();
            LoadFixture fixture = LoadFixture.prepare(api, watch, settings);
            processes = rawAndSaga(Shape.PROCESSES, system, watch, fixture, client, admin, settings);
            lags = UpdateLag.of(client, admin, system.processes());
            GetThroughput getThroughput = new GetThroughput(settings, system, client, fixture);
            gets = new ArrayList<>();
            // Every mode's instance runs throughout, so each round measures the three under the same
            // conditions; the order of the modes turns each round, so none always goes first.
            Map<String, ServiceProcess> instances = new LinkedHashMap<>();
            try {
                for (String mode : GET_MODES) {
                    try {
                        instances.put(mode, getThroughput.startInstance(mode, admin));
                    } catch (Exception e) {
                        progress("ordersvc with mode %s did not start: %s", mode, e.getMessage());
                        gets.add(GetResult.failed(mode, e.getMessage()));
                    }
                }
                instances.forEach(getThroughput::warmUp);
                CacheStats localBefore = instances.containsKey("local")
                        ? CacheStats.of(client, admin, List.of(instances.get("local").baseUrl())) : CacheStats.NONE;
                for (int round = 0; round < settings.rounds(); round++) {
                    for (int i = 0; i < GET_MODES.size(); i++) {
                        String mode = GET_MODES.get((i + round) % GET_MODES.size());
                        if (instances.containsKey(mode)) {
                            gets.add(getThroughput.measure(mode, round + 1, instances.get(mode)));
                        }
                    }
                }
                if (instances.containsKey("local")) {
                    getLocalCache = CacheStats.of(client, admin, List.of(instances.get("local").baseUrl())).minus(localBefore);
                }
            } finally {
                instances.values().forEach(ServiceProcess::close);
            }
            progress("stopping the system...");
        }

        ShapeResult embedded = null;
        if (settings.measuresEmbedded()) {
            progress("starting the system in one process (marketbus.jar run, embedded H2)...");
            systemStart = System.nanoTime();
            try (RunningSystem system = RunningSystem.startEmbedded();
                 Connection nats = system.nats().connect("marketbus-load-watch");
                 EventWatch watch = new EventWatch(nats, system.nats().namespace())) {
                progress("system up in %.0f s (namespace %s)", seconds(systemStart), system.nats().namespace().prefix());
                Api api = new Api(system);
                String admin = api.admin();
                embedded = rawAndSaga(Shape.EMBEDDED, system, watch, LoadFixture.prepare(api, watch, settings), client,
                        admin, settings);
                progress("stopping the system...");
            }
        }
        String loadAtEnd = Machine.loadAverage();
        new LoadReport(settings, date, loadAtStart, loadAtEnd, System.getProperty(ServiceProcess.JVM_OPTIONS, "(the tests' own)"),
                processes, embedded, gets, getLocalCache, seconds(begun))
                .print();
        UpdateLag.print(lags);
    }

    /** How the system under load runs: five service processes, or all in one ({@code ./marketbus run}). */
    enum Shape {
        PROCESSES("5 services as processes of the launcher jar, PostgreSQL"),
        EMBEDDED("the 5 services in one process (marketbus.jar run, as ./marketbus run starts them), embedded H2");

        final String description;

        Shape(String description) {
            this.description = description;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The raw publish rate and the saga, measured on one shape of the system. */
    record ShapeResult(Shape shape, String namespace, RawPublish.Result raw, SagaResult saga) {

        double sagaRatio() {
            return saga.eventsPerSecondAtHighest() / raw.rate();
        }
    }

    private static ShapeResult rawAndSaga(Shape shape, RunningSystem system, EventWatch watch, LoadFixture fixture,
            LoadClient client, String admin, Settings settings) throws Exception {
        progress("[%s] raw JetStream publish of %,d events...", shape.label(), settings.rawEvents());
        RawPublish.Result raw = RawPublish.measure(system.natsUrl(), settings.rawEvents());
        SagaResult saga = SagaLoad.measure(new SagaLoad.Testbed(settings, system, client, watch, fixture), admin);
        return new ShapeResult(shape, system.nats().namespace().prefix(), raw, saga);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** A progress line with the UTC time of day, the time a profile window is cut by (jfr-breakdown.py). */
    static void progress(String format, Object... args) {
        System.err.printf("[load %s] " + format + "%n", prepend(TIME_OF_DAY.format(java.time.LocalTime.now(ZoneOffset.UTC)), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
