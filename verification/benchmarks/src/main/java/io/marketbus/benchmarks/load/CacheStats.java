package io.marketbus.benchmarks.load;

import static io.marketbus.benchmarks.load.LoadBenchmark.require;

import java.util.List;

/** Hits and misses of the authz cache, as the services' {@code authz.cache.requests} meters count them. */
record CacheStats(long hits, long misses) {

    static final CacheStats NONE = new CacheStats(0, 0);

    CacheStats minus(CacheStats other) {
        return new CacheStats(hits - other.hits, misses - other.misses);
    }

    double ratio() {
        return hits + misses == 0 ? Double.NaN : hits / (double) (hits + misses);
    }

    /** Sums the meters of these instances ({@code /actuator/metrics}). */
    static CacheStats of(LoadClient client, String admin, List<String> baseUrls) throws Exception {
        long hits = 0;
        long misses = 0;
        for (String baseUrl : baseUrls) {
            hits += meter(client, admin, baseUrl, "authz.cache.requests", "result:hit");
            misses += meter(client, admin, baseUrl, "authz.cache.requests", "result:miss");
        }
        return new CacheStats(hits, misses);
    }

    private static long meter(LoadClient client, String admin, String baseUrl, String name, String tag) throws Exception {
        LoadClient.Reply reply = client.get(baseUrl, "/actuator/metrics/" + name + "?tag=" + tag, admin);
        if (reply.status() == 404) {
            return 0;
        }
        require(reply.status() == 200, "metrics of " + baseUrl + ": " + reply);
        return (long) reply.json().path("measurements").path(0).path("value").asDouble();
    }
}
