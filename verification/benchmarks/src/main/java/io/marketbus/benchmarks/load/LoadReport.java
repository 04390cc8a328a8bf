package io.marketbus.benchmarks.load;

import io.marketbus.benchmarks.bus.RawPublish;
import io.marketbus.benchmarks.load.GetThroughput.GetResult;
import io.marketbus.benchmarks.load.LoadBenchmark.ShapeResult;
import io.marketbus.benchmarks.load.SagaLoad.SagaResult;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * What one load benchmark run measured, printed as the table of figures and the table of targets;
 * {@code embedded} is null when that shape was not measured.
 */
record LoadReport(Settings settings, String date, String loadAtStart, String loadAtEnd, String jvmOptions,
                  ShapeResult processes, ShapeResult embedded, List<GetResult> gets, CacheStats getLocalCache,
                  double totalSeconds) {

    static final double SAGA_RATIO_TARGET = 0.10;
    static final double P50_TARGET_MS = 60;
    static final double P99_TARGET_MS = 250;
    static final double LOCAL_OFF_TARGET = 0.95;
    static final double LOCAL_REMOTE_TARGET = 3;

    private static final String ROW = "%-60s %18s  %s%n";

    void print() {
        System.out.println();
        System.out.printf("Marketbus load benchmark, %s%n", date);
        System.out.printf("machine: %d cores (%s), %s; load average %s at start, %s at end; whole run %.0f s%n",
                Machine.cores(), Machine.cpu(), Machine.jdk(), loadAtStart, loadAtEnd, totalSeconds);
        System.out.printf("JVM options of every service process: %s; load generator on the same machine.%n", jvmOptions);
        for (ShapeResult shape : shapes()) {
            System.out.printf("%-10s %s, NATS namespace %s%n", shape.shape().label() + ":", shape.shape().description,
                    shape.namespace());
        }
        System.out.printf("Saga: open loop (each order due at its time, latency from then), %d customers, %d products.%n"
                + "GET (processes shape): %d closed-loop clients per mode, modes interleaved over %d rounds%n%n",
                settings.customers(), settings.products(), settings.clients(), settings.rounds());

        System.out.printf(ROW, "measure", "value", "detail");
        System.out.printf(ROW, "-".repeat(60), "-".repeat(18), "-".repeat(40));
        for (ShapeResult shape : shapes()) {
            printShape(shape);
        }
        System.out.printf(ROW, "authz cache hit ratio (GET phase, local instance)", percent(getLocalCache.ratio()),
                String.format("%,d hits, %,d misses", getLocalCache.hits(), getLocalCache.misses()));
        for (String mode : List.of("local", "off", "remote")) {
            List<GetResult> rounds = gets.stream().filter(g -> g.mode().equals(mode)).toList();
            GetResult failedStart = rounds.stream().filter(g -> g.failure() != null).findFirst().orElse(null);
            String label = "GET /orders/{id}, authz " + mode + switch (mode) {
                case "local" -> " (cached library)";
                case "off" -> " (no check)";
                default -> " (authzsvc call per check)";
            };
            if (failedStart != null || rounds.isEmpty()) {
                System.out.printf(ROW, label, "-", failedStart == null ? "not measured" : "instance did not start: " + failedStart.failure());
                continue;
            }
            System.out.printf(ROW, label, rate(mean(rounds, GetResult::perSecond), "req/s"),
                    String.format("rounds %s req/s; p99 %s ms; %d errors; owner %d, other customer %d",
                            list(rounds, GetResult::perSecond), list(rounds, g -> g.latencies().percentileMillis(99)),
                            rounds.stream().mapToLong(GetResult::errors).sum(), rounds.get(0).ownerStatus(), rounds.get(0).foreignStatus()));
            System.out.printf(ROW, "  its process's CPU per request", String.format("%,.0f µs", mean(rounds, GetResult::cpuMicrosPerRequest)),
                    String.format("rounds %s µs", list(rounds, GetResult::cpuMicrosPerRequest)));
        }

        System.out.println();
        System.out.printf(ROW, "target", "value", "");
        System.out.printf(ROW, "-".repeat(60), "-".repeat(18), "");
        for (ShapeResult shape : shapes()) {
            String tag = "[" + shape.shape().label() + "] ";
            OpenLoop.Step half = shape.saga().measured();
            target(tag + "saga events/s at the highest rate ÷ raw >= " + SAGA_RATIO_TARGET, shape.sagaRatio(), "%.4f",
                    shape.sagaRatio() >= SAGA_RATIO_TARGET, "");
            target(tag + "at half the highest rate: p50 <= " + (int) P50_TARGET_MS + " ms", half.p50(), "%.0f ms",
                    half.p50() <= P50_TARGET_MS, "");
            target(tag + "at half the highest rate: p99 <= " + (int) P99_TARGET_MS + " ms", half.p99(), "%.0f ms",
                    half.p99() <= P99_TARGET_MS, "");
        }
        ratio("[processes] authz local ÷ off >= " + LOCAL_OFF_TARGET, "off", LOCAL_OFF_TARGET);
        ratio("[processes] authz local ÷ remote >= " + (int) LOCAL_REMOTE_TARGET, "remote", LOCAL_REMOTE_TARGET);
        cpuRatio("[processes] authz off ÷ local, CPU per request (info)", "off");
    }

    /**
     * The other mode's CPU per request over the local mode's, round by round: what the rate ratio
     * would be on a machine whose only load is the instance (the rates swing with the rest of it).
     */
    private void cpuRatio(String label, String other) {
        double[] ratios = roundRatios(other, g -> 1 / g.cpuMicrosPerRequest());
        if (ratios.length == 0) {
            System.out.printf(ROW, label, "-", "not measured");
            return;
        }
        System.out.printf(ROW, label, String.format("%.2f", java.util.Arrays.stream(ratios).average().orElse(Double.NaN)),
                String.format("mean of %d rounds, spread %.2f - %.2f; not a target", ratios.length,
                        java.util.Arrays.stream(ratios).min().orElse(Double.NaN),
                        java.util.Arrays.stream(ratios).max().orElse(Double.NaN)));
    }

    /** local's {@code value} ÷ the other mode's, per round. */
    private double[] roundRatios(String other, ToDoubleFunction<GetResult> value) {
        List<GetResult> locals = gets.stream().filter(g -> g.mode().equals("local") && g.failure() == null).toList();
        List<GetResult> others = gets.stream().filter(g -> g.mode().equals(other) && g.failure() == null).toList();
        int rounds = Math.min(locals.size(), others.size());
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = value.applyAsDouble(locals.get(i)) / value.applyAsDouble(others.get(i));
        }
        return ratios;
    }

    private List<ShapeResult> shapes() {
        return embedded == null ? List.of(processes) : List.of(processes, embedded);
    }

    private void printShape(ShapeResult shape) {
        String tag = "[" + shape.shape().label() + "] ";
        SagaResult saga = shape.saga();
        RawPublish.Result raw = shape.raw();
        System.out.printf(ROW, tag + "raw JetStream async publish (acked)", rate(raw.rate(), "msg/s"),
                String.format("%,d events of %d B in %.2f s, window %,d", raw.events(), raw.bytes(), raw.seconds(), RawPublish.WINDOW));
        for (OpenLoop.Step step : saga.search().steps()) {
            System.out.printf(ROW, String.format("  search step %.1f orders/s for %d s", step.rate(), step.length().toSeconds()),
                    step.sustainable(settings.slo()) ? "sustained" : "not sustained",
                    String.format("p50 %s, p99 %s ms; %,d ok of %,d, %d failed, %d timed out, %d in flight at the end",
                            ms(step.p50()), ms(step.p99()), step.ok(), step.sent(), step.failed(), step.timedOut(), step.inFlightAtEnd()));
        }
        System.out.printf(ROW, tag + "highest sustained order rate", rate(saga.search().highestSustainable(), "orders/s"),
                String.format("p99 <= %d ms from due time to event-order-approved, no failure, no backlog", settings.sloMillis()));
        OpenLoop.Step half = saga.measured();
        System.out.printf(ROW, String.format("%sat half of it (%.1f orders/s for %d s): p50/p90/p99/max", tag, saga.measuredRate(),
                half.length().toSeconds()), "", String.format("%s / %s / %s / %s ms (from due time; %,d ok of %,d, %d failed, %d timed out)",
                ms(half.p50()), ms(half.p(90)), ms(half.p99()), ms(half.max()), half.ok(), half.sent(), half.failed(), half.timedOut()));
        System.out.printf(ROW, tag + "events per order", String.format("%.2f", saga.eventsPerOrder()),
                String.format("%,d events stored for the %,d orders at half rate", saga.eventsOfOrders(), half.sent()));
        saga.eventsByType().forEach((type, count) -> System.out.printf(ROW, "  " + type,
                String.format("%.2f", count / (double) half.sent()), ""));
        System.out.printf(ROW, tag + "saga events/s at the highest sustained rate", rate(saga.eventsPerSecondAtHighest(), "events/s"),
                "that rate × events per order");
        System.out.printf(ROW, tag + "authz cache hit ratio (saga, 4 services summed)", percent(saga.cache().ratio()),
                String.format("%,d hits, %,d misses", saga.cache().hits(), saga.cache().misses()));
    }

    /** The ratio of the local mode to another, round by round (the modes of a round ran minutes apart at most). */
    private void ratio(String label, String other, double target) {
        double[] ratios = roundRatios(other, GetResult::perSecond);
        int rounds = ratios.length;
        if (rounds == 0) {
            System.out.printf(ROW, label, "-", "not measured");
            return;
        }
        double mean = java.util.Arrays.stream(ratios).average().orElse(Double.NaN);
        double min = java.util.Arrays.stream(ratios).min().orElse(Double.NaN);
        double max = java.util.Arrays.stream(ratios).max().orElse(Double.NaN);
        target(label, mean, "%.2f", mean >= target, String.format("mean of %d rounds, spread %.2f - %.2f", rounds, min, max));
    }

    private static void target(String label, double value, String format, boolean pass, String detail) {
        System.out.printf(ROW, label, String.format(format, value) + " " + (pass ? "PASS" : "MISS"), detail);
    }

    private static double mean(List<GetResult> rounds, ToDoubleFunction<GetResult> value) {
        return rounds.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static String list(List<GetResult> rounds, ToDoubleFunction<GetResult> value) {
        return String.join(", ", rounds.stream().map(g -> String.format("%,.0f", value.applyAsDouble(g))).toList());
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : value < 10 ? String.format("%.1f", value) : String.format("%,.0f", value);
    }

    private static String rate(double value, String unit) {
        return String.format("%,.1f %s", value, unit);
    }

    private static String percent(double ratio) {
        return Double.isNaN(ratio) ? "-" : String.format("%.2f %%", ratio * 100);
    }
}
