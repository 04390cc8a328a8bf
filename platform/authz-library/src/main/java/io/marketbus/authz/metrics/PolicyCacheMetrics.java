package io.marketbus.authz.metrics;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Reports a {@link CachingAuthorizer}'s cache: {@code authz.cache.requests} (result=hit|miss),
 * {@code authz.cache.loads} (result=success|failure), the {@code authz.cache.load} timer (count
 * and total time of loads and refreshes), {@code authz.cache.evictions} and the {@code
 * authz.cache.size} gauge. The meters read the cache's own statistics when scraped, so checks pay
 * nothing extra.
 */
public final class PolicyCacheMetrics implements MeterBinder {

    private final CachingAuthorizer cache;

    public PolicyCacheMetrics(CachingAuthorizer cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "authz.cache.requests", "result", "hit", c -> c.stats().hitCount());
        counter(registry, "authz.cache.requests", "result", "miss", c -> c.stats().missCount());
        counter(registry, "authz.cache.loads", "result", "success", c -> c.stats().loadSuccessCount());
        counter(registry, "authz.cache.loads", "result", "failure", c -> c.stats().loadFailureCount());
        FunctionCounter.builder(
                        "authz.cache.evictions", cache, c -> (double) c.stats().evictionCount())
                .description("Subjects evicted for size, idleness or staleness")
                .register(registry);
        FunctionTimer.builder(
                        "authz.cache.load",
                        cache,
                        c -> c.stats().loadCount(),
                        c -> (double) c.stats().totalLoadTime(),
                        TimeUnit.NANOSECONDS)
                .description("Policy loads and refreshes from the policy source")
                .register(registry);
        Gauge.builder("authz.cache.size", cache, c -> (double) c.cachedSubjects())
                .description("Subjects cached, approximately")
                .register(registry);
        Gauge.builder("authz.cache.partitioned", cache, c -> c.partitioned() ? 1 : 0)
                .description("1 while the policy updates' link has been down longer than the partition bound (checks read the policy store)")
                .register(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String tag,
            String value,
            ToDoubleFunction<CachingAuthorizer> count) {
        FunctionCounter.builder(name, cache, count).tag(tag, value).register(registry);
    }
}
