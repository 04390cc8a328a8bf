package io.marketbus.benchmarks.load;

import java.util.HashMap;
import java.util.Map;

/**
 * What {@code ./marketbus bench load} runs: {@code clients} closed-loop clients over {@code customers}
 * customers and {@code products} products; the saga for {@code sagaSeconds} after
 * {@code warmupSeconds}; the authorized GET for {@code getSeconds} after {@code getWarmupSeconds} per
 * authz mode; {@code rawEvents} raw publishes.
 */
record Settings(int clients, int customers, int products, int warmupSeconds, int sagaSeconds,
                int getWarmupSeconds, int getSeconds, int rawEvents) {

    /** {@code --clients=32 --customers=64 --products=16 --warmup=8 --saga=30 --get-warmup=3 --get=10 --raw-events=20000}. */
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
