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
        return builder().clients(values.get("clients")).customers(values.get("customers")).products(values.get("products"))
                .warmupSeconds(values.get("warmup")).sagaSeconds(values.get("saga"))
                .getWarmupSeconds(values.get("get-warmup")).getSeconds(values.get("get"))
                .rawEvents(values.get("raw-events")).build();
    }

    /** Starts from the command line's defaults. */
    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private int clients = 32;
        private int customers = 64;
        private int products = 16;
        private int warmupSeconds = 8;
        private int sagaSeconds = 30;
        private int getWarmupSeconds = 3;
        private int getSeconds = 10;
        private int rawEvents = 20_000;

        private Builder() {}

        Builder clients(int clients) {
            this.clients = clients;
            return this;
        }

        Builder customers(int customers) {
            this.customers = customers;
            return this;
        }

        Builder products(int products) {
            this.products = products;
            return this;
        }

        Builder warmupSeconds(int warmupSeconds) {
            this.warmupSeconds = warmupSeconds;
            return this;
        }

        Builder sagaSeconds(int sagaSeconds) {
            this.sagaSeconds = sagaSeconds;
            return this;
        }

        Builder getWarmupSeconds(int getWarmupSeconds) {
            this.getWarmupSeconds = getWarmupSeconds;
            return this;
        }

        Builder getSeconds(int getSeconds) {
            this.getSeconds = getSeconds;
            return this;
        }

        Builder rawEvents(int rawEvents) {
            this.rawEvents = rawEvents;
            return this;
        }

        Settings build() {
            return new Settings(clients, customers, products, warmupSeconds, sagaSeconds, getWarmupSeconds, getSeconds,
                    rawEvents);
        }
    }
}
