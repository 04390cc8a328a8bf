package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/** What {@link CachingAuthorizer.Builder} collected, checked, with the durations in ticker nanoseconds. */
record CacheSettings(
        PolicySource source,
        Set<String> ownedTypes,
        Ticker ticker,
        Executor executor,
        long maximumSubjects,
        long expireAfterAccessNanos,
        long refreshAfterNanos,
        long stalenessBoundNanos,
        long sweepIntervalNanos,
        boolean backgroundSweeps,
        BooleanSupplier updatesConnected,
        long partitionBoundNanos) {}
