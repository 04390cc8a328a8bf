package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.progress;
import static io.marketbus.benchmarks.load.LoadBenchmark.require;
import static io.marketbus.benchmarks.load.LoadBenchmark.seconds;
import static io.marketbus.benchmarks.load.LoadFixture.ORDERS;

import io.marketbus.benchmarks.load.baselines.AuthzBaselines;
import io.marketbus.benchmarks.load.baselines.BaselineLauncher;
import io.marketbus.harness.RunningSystem;
import io.marketbus.harness.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The throughput of an authorized {@code GET /v1/ordersvc/orders/{id}} on an extra ordersvc instance
 * per {@code marketbus.authz.mode}: by the order's owner, closed loop over the customers' first orders.
 */
final class GetThroughput {

    private static final int INSTANCE_POOL = 5;

    /** One round of one mode; {@code cpu}: what the instance's process used meanwhile. */
    record GetResult(String mode, int round, int seconds, long ok, long errors, Latencies latencies, int ownerStatus,
                     int foreignStatus, Duration cpu, String failure) {
        static GetResult failed(String mode, String failure) {
            return new GetResult(mode, 0, 0, 0, 0, new Latencies(), 0, 0, Duration.ZERO, failure);
        }

        double perSecond() {
            return failure != null ? Double.NaN : ok / (double) seconds;
        }

        /**
         * The instance's CPU per answered request, in microseconds: the work a request costs there,
         * which the machine's other load changes far less than it changes the rate.
         */
        double cpuMicrosPerRequest() {
            return failure != null || ok == 0 ? Double.NaN : cpu.toNanos() / 1e3 / ok;
        }
    }

    private final Settings settings;
    private final RunningSystem system;
    private final LoadClient client;
    private final List<LoadFixture.Customer> customers;
    /** Starts the off and remote instances (the harness's default launcher jar, unless -Dmarketbus.jar). */
    private final BaselineLauncher baselines =
            BaselineLauncher.over(Path.of(System.getProperty("marketbus.jar", "../launcher/target/marketbus.jar")));

    GetThroughput(Settings settings, RunningSystem system, LoadClient client, LoadFixture fixture) {
        this.settings = settings;
        this.system = system;
        this.client = client;
        this.customers = fixture.customers();
    }

    /**
     * One more ordersvc instance with this authz mode. {@code off} and {@code remote} exist only in
     * this module ({@link AuthzBaselines}): their instances start with it on the class path.
     */
    ServiceProcess startInstance(String mode, String admin) throws Exception {
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

    /** First whether the instance enforces at all (a customer reading another's order), then the load. */
    /** Load not measured, so that the instance's JIT has compiled the request path before the rounds. */
    void warmUp(String mode, ServiceProcess instance) {
        progress("GET warm-up of the %s instance: %d s of load, not measured...", mode, settings.getJitWarmupSeconds());
        load(instance.baseUrl(), settings.getJitWarmupSeconds(), new LongAdder(), new LongAdder(), new Latencies());
    }

    GetResult measure(String mode, int round, ServiceProcess instance) {
        String base = instance.baseUrl();
        int owner = call(() -> client.get(base, ORDERS + "/" + customers.get(0).firstOrder(), customers.get(0).token()).status());
        int foreign = call(() -> client.get(base, ORDERS + "/" + customers.get(0).firstOrder(), customers.get(1).token()).status());
        progress("GET round %d on the %s instance: owner %d, other customer %d; %d s warm-up, %d s measured...",
                round, mode, owner, foreign, settings.getWarmupSeconds(), settings.getSeconds());
        load(base, settings.getWarmupSeconds(), new LongAdder(), new LongAdder(), new Latencies());
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        Latencies latencies = new Latencies();
        Duration cpuBefore = instance.cpuTime();
        load(base, settings.getSeconds(), ok, errors, latencies);
        Duration cpu = instance.cpuTime().minus(cpuBefore);
        return new GetResult(mode, round, settings.getSeconds(), ok.sum(), errors.sum(), latencies, owner, foreign, cpu,
                null);
    }

    private void load(String base, int seconds, LongAdder ok, LongAdder errors, Latencies latencies) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int clients = settings.clients();
        try (ExecutorService running = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                int index = i;
                running.submit(() -> {
                    for (long k = 0; ; k++) {
                        LoadFixture.Customer customer = customers.get((int) ((index + k * clients) % customers.size()));
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

    private interface Call<T> {
        T call() throws Exception;
    }

    private static <T> T call(Call<T> call) {
        try {
            return call.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
