package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.stats.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/** The cache's statistics, counted where they happen (hit path, loader, sweeper). */
final class CacheCounters {

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder loadSuccesses = new LongAdder();
    final LongAdder loadFailures = new LongAdder();
    final LongAdder totalLoadNanos = new LongAdder();
    final LongAdder evictions = new LongAdder();

    /** Each value is a sum of counters read one after the other, so they may be slightly apart under load. */
    CacheStats snapshot() {
        long evicted = evictions.sum();
        return CacheStats.of(
                hits.sum(),
                misses.sum(),
                loadSuccesses.sum(),
                loadFailures.sum(),
                totalLoadNanos.sum(),
                evicted,
                evicted);
    }
}
