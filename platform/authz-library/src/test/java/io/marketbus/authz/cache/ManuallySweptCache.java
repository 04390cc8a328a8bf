package io.marketbus.authz.cache;

import io.marketbus.authz.testing.FakeTicker;
import java.time.Duration;
import java.util.Set;

/**
 * The cache of a service owning "orders" whose time is the test's: it reads the fake ticker, and
 * nothing time-based runs until the test calls {@link CachingAuthorizer#sweep()}. Entries are due
 * for refresh after a minute and stale after five.
 */
final class ManuallySweptCache {

    private ManuallySweptCache() {}

    static CachingAuthorizer.Builder builder(PolicySource source, FakeTicker ticker) {
        return CachingAuthorizer.builder(source, Set.of("orders"))
                .ticker(ticker)
                .sweepManually()
                // Refreshes run inside the sweep that starts them, so tests see their outcome at once.
                .executor(Runnable::run)
                .refreshAfter(Duration.ofMinutes(1))
                .stalenessBound(Duration.ofMinutes(5));
    }
}
