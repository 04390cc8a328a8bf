package io.marketbus.benchmarks.load;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code ./marketbus bench load} runs. The saga: open-loop orders over {@code customers}
 * customers and {@code products} products, a warm-up of {@code warmupSeconds} at the first rate
 * (long: with 10 s the services' JIT compilers still took a third of their CPU during the search,
 * and the search measured warm-up, not the system),
 * then a search from {@code fromRate} orders/s rising by half each step of {@code stepSeconds} until
 * one misses the SLO ({@code sloMillis} p99 from due time to event-order-approved, no failure, no
 * backlog), then {@code sagaSeconds} at half the highest rate sustained. The authorized GET:
 * {@code clients} closed-loop clients per authz mode, {@code rounds} rounds of {@code getSeconds}
 * each after {@code getWarmupSeconds}, the modes interleaved, each instance first warmed up with
 * {@code getJitWarmupSeconds} of load (its first round ran at a third of the later ones' rate
 * without). {@code rawEvents} raw publishes. {@code embedded} 1: then the raw publish and the saga
 * once more on the system in one process ({@code marketbus.jar run}, H2), as most users first meet
 * it; 0: the processes shape only.
 */
record Settings(int clients, int customers, int products, int warmupSeconds, int sagaSeconds,
                int getWarmupSeconds, int getSeconds, int rawEvents, int fromRate, int stepSeconds, int sloMillis, int rounds,
                int getJitWarmupSeconds, int embedded) {

    private static final Map<String, Integer> DEFAULTS = defaults();

    private static Map<String, Integer> defaults() {
        Map<String, Integer> values = new LinkedHashMap<>();
        values.put("clients", 32);
        values.put("customers", 64);
        values.put("products", 16);
        values.put("warmup", 120);
        values.put("saga", 30);
        values.put("get-warmup", 3);
        values.put("get", 10);
        values.put("raw-events", 20_000);
        values.put("from-rate", 10);
        values.put("step", 15);
        values.put("slo-ms", 1_000);
        values.put("rounds", 3);
        values.put("get-jit-warmup", 20);
        values.put("embedded", 1);
        return values;
    }

    /** {@code --clients=32 --customers=64 ... --rounds=3}: see {@link #DEFAULTS}. */
    static Settings parse(String[] args) {
        Map<String, Integer> values = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !values.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown argument " + arg + "; known: " + values.keySet());
            }
            values.put(kv[0], Integer.parseInt(kv[1]));
        }
        return new Settings(values.get("clients"), values.get("customers"), values.get("products"),
                values.get("warmup"), values.get("saga"), values.get("get-warmup"), values.get("get"),
                values.get("raw-events"), values.get("from-rate"), values.get("step"), values.get("slo-ms"), values.get("rounds"),
                values.get("get-jit-warmup"), values.get("embedded"));
    }

    boolean measuresEmbedded() {
        return embedded != 0;
    }

    Duration slo() {
        return Duration.ofMillis(sloMillis);
    }

    /** An order not approved within this is a timeout: ten SLOs, so the percentiles see it long before. */
    Duration orderTimeout() {
        return slo().multipliedBy(10);
    }
}
