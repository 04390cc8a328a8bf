package io.marketbus.authz.cache;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's time-based work, every sweep interval on one virtual thread (or by hand in tests): it
 * publishes the {@link CoarseClock}, watches the {@link UpdateLink} (partitions), drops entries unused for {@code expireAfterAccess}, drops
 * entries whose last successful load is {@code stalenessBound} old (the source has been down
 * since), starts background refreshes of entries in use whose last successful load is {@code
 * refreshAfter} old, and evicts the least recently used entries beyond {@code maximumSubjects}.
 * Each of these may thus happen up to one sweep interval late.
 */
final class Sweeper {

    /** One logger for the whole cache: operators configure {@code CachingAuthorizer}. */
    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    private final CacheSettings settings;
    private final ConcurrentHashMap<String, SubjectEntry> entries;
    private final CoarseClock clock;
    private final SubjectLoader loader;
    private final CacheCounters counters;
    private final UpdateLink link;
    private final RevisionGate revisions;

    /** Null when sweeps are run by hand (tests call {@link CachingAuthorizer#sweep()}). */
    private final ScheduledExecutorService thread;

    /** An eviction pass was requested because a load took the cache over its maximum. */
    private final AtomicBoolean overflowSweepRequested = new AtomicBoolean();

    Sweeper(CacheSettings settings, ConcurrentHashMap<String, SubjectEntry> entries, CoarseClock clock,
            SubjectLoader loader, CacheCounters counters, UpdateLink link, RevisionGate revisions) {
        this.link = link;
        this.revisions = revisions;
        this.settings = settings;
        this.entries = entries;
        this.clock = clock;
        this.loader = loader;
        this.counters = counters;
        if (settings.backgroundSweeps()) {
            thread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("authz-cache-sweeper").factory());
            long interval = settings.sweepIntervalNanos();
            thread.scheduleWithFixedDelay(new ScheduledSweep(this, thread), interval, interval, TimeUnit.NANOSECONDS);
        } else {
            thread = null;
        }
    }

    /** One pass of the time-based work. */
    void sweep() {
        long now = settings.ticker().read();
        clock.set(now);
        switch (link.observe(now)) {
            case PARTITIONED -> {
                // Flag first: a check that finds an entry after this trusts it no more.
                link.partitioned = true;
                revisions.invalidateAll();
            }
            case HEALED -> {
                // Changes were missed meanwhile: start over, then trust entries again.
                revisions.invalidateAll();
                link.partitioned = false;
            }
            case NONE -> {}
        }
        for (SubjectEntry entry : entries.values()) {
            if (now - entry.accessedAt >= settings.expireAfterAccessNanos()) {
                evict(entry, "unused");
            } else if (now - entry.loadedAt() >= settings.stalenessBoundNanos()) {
                // Refreshes have been failing since the last successful load: the source is down.
                evict(entry, "stale");
            } else if (now - entry.refreshDueAt() >= 0 && now - entry.accessedAt < settings.refreshAfterNanos()) {
                loader.startRefresh(entry);
            }
        }
        evictOverflow();
    }

    /** Over the maximum after a load: evicts now rather than at the next pass. */
    void evictSoonIfOverMaximum() {
        if (thread != null
                && entries.mappingCount() > settings.maximumSubjects()
                && overflowSweepRequested.compareAndSet(false, true)) {
            try {
                thread.execute(this::evictOverflow);
            } catch (RejectedExecutionException e) {
                overflowSweepRequested.set(false); // closed
            }
        }
    }

    /** Stops the background thread. Idempotent. */
    void close() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** Evicts the least recently used entries beyond the maximum. */
    private void evictOverflow() {
        overflowSweepRequested.set(false);
        long excess = entries.mappingCount() - settings.maximumSubjects();
        if (excess <= 0) {
            return;
        }
        SubjectEntry[] byAccess = entries.values().toArray(new SubjectEntry[0]);
        Arrays.sort(byAccess, Comparator.comparingLong((SubjectEntry entry) -> entry.accessedAt));
        for (int i = 0; i < byAccess.length && excess > 0; i++) {
            if (evict(byAccess[i], "over the maximum")) {
                excess--;
            }
        }
    }

    private boolean evict(SubjectEntry entry, String why) {
        if (!entries.remove(entry.subject(), entry)) {
            return false;
        }
        entry.retire();
        counters.evictions.increment();
        log.debug("evicted subject {}: {}", entry.subject(), why);
        return true;
    }

    /**
     * The scheduled task. It holds the sweeper weakly, so that a cache dropped without {@code
     * close()} can be collected (only the cache holds its sweeper); the task then stops its thread.
     */
    private static final class ScheduledSweep implements Runnable {
        private final WeakReference<Sweeper> sweeper;
        private final ScheduledExecutorService thread;

        ScheduledSweep(Sweeper sweeper, ScheduledExecutorService thread) {
            this.sweeper = new WeakReference<>(sweeper);
            this.thread = thread;
        }

        @Override
        public void run() {
            Sweeper target = sweeper.get();
            if (target == null) {
                thread.shutdown();
                return;
            }
            try {
                target.sweep();
            } catch (RuntimeException e) {
                // A throwing task is never run again: log and keep sweeping.
                log.error("policy cache sweep failed", e);
            }
        }
    }
}
