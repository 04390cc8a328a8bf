package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.policy.PolicyIndex;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authorizer} over a per-subject cache of {@link PolicyIndex}es, loaded from a {@link
 * PolicySource} and kept current by {@link #apply(PolicyChange) policy changes}.
 *
 * <ul>
 *   <li>Only the resource types the service owns are cached; checks on other types are denied.
 *   <li>A miss loads the subject's policies; concurrent misses for one subject share one load. A
 *       subject without policies is cached like any other. A miss whose load fails throws {@link
 *       AuthorizationUnavailableException}: it never allows.
 *   <li>A cache hit is a {@link ConcurrentHashMap} lookup and the index probe. It reads no clock:
 *       a periodic sweeper (every {@code sweepInterval}) publishes a coarse clock, and a hit writes
 *       its entry's access stamp only when that clock has moved since the entry's last hit.
 *   <li>The sweeper does the time-based work: it drops entries unused for {@code
 *       expireAfterAccess}, starts background refreshes of entries in use whose last successful
 *       load is {@code refreshAfter} old (the old entry serves meanwhile), drops entries whose
 *       last successful load is {@code stalenessBound} old (the source has been down since), and
 *       evicts the least recently used entries beyond {@code maximumSubjects}. Each of these may
 *       thus happen up to one sweep interval late.
 *   <li>Changes are applied by revision: a change newer than an entry is applied to it, an older
 *       or equal one is already reflected. A change arriving while the subject is loading is
 *       applied on top of the load's result, so a load can never install a revoked policy. A gap
 *       in the revisions (lost events) drops every entry older than the change that revealed it.
 * </ul>
 *
 * <p>Guarantee: once {@link #apply} of a revoking change has returned, no check on this instance
 * allows the revoked policy (unless another policy still grants it).
 *
 * <p>Thread-safe; holds no static state, so instances are independent. {@link #close()} stops the
 * sweeper; an instance that becomes unreachable without being closed stops it too.
 */
public final class CachingAuthorizer implements Authorizer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    /** No change applied yet: the first change cannot be checked for a gap. */
    private static final long NO_REVISION = Long.MIN_VALUE;

    /** Loads in a row that may be discarded (invalidation races) before a miss gives up. */
    static final int MAX_LOAD_ATTEMPTS = 3;

    private final PolicySource source;
    private final Set<String> ownedTypes;
    private final Ticker ticker;
    private final Executor executor;
    private final long maximumSubjects;
    private final long expireAfterAccessNanos;
    private final long refreshAfterNanos;
    private final long stalenessBoundNanos;

    /** Installed entries: every value has an index. */
    private final ConcurrentHashMap<String, SubjectEntry> entries = new ConcurrentHashMap<>();

    /** First loads in flight, so that changes reach them and concurrent misses share them. */
    private final ConcurrentHashMap<String, SubjectEntry> loading = new ConcurrentHashMap<>();

    private final AtomicLong lastAppliedRevision = new AtomicLong(NO_REVISION);

    /**
     * The coarse clock: the ticker as read by the last sweep. Hits compare their entry's access
     * stamp with it instead of reading the ticker.
     */
    private volatile long now;

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loadSuccesses = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder totalLoadNanos = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /** Null when sweeps are run by hand (tests call {@link #sweep()}). */
    private final ScheduledExecutorService sweeper;

    /** An eviction pass was requested because a load took the cache over its maximum. */
    private final AtomicBoolean overflowSweepRequested = new AtomicBoolean();

    private CachingAuthorizer(Builder builder) {
        this.source = builder.source;
        this.ownedTypes = builder.ownedTypes;
        this.ticker = builder.ticker;
        this.executor = builder.executor;
        this.maximumSubjects = builder.maximumSubjects;
        this.expireAfterAccessNanos = builder.expireAfterAccess.toNanos();
        this.refreshAfterNanos = builder.refreshAfter.toNanos();
        this.stalenessBoundNanos = builder.stalenessBound.toNanos();
        this.now = ticker.read();
        if (builder.backgroundSweeps) {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofVirtual().name("authz-cache-sweeper").factory());
            long interval = builder.sweepInterval.toNanos();
            sweeper.scheduleWithFixedDelay(
                    new ScheduledSweep(this, sweeper), interval, interval, TimeUnit.NANOSECONDS);
        } else {
            this.sweeper = null;
        }
    }

    /**
     * Starts building a cache of {@code source}'s policies on {@code ownedTypes}, the resource types
     * this service owns.
     */
    public static Builder builder(PolicySource source, Set<String> ownedTypes) {
        return new Builder(source, ownedTypes);
    }

    @Override
    public boolean check(String subject, String action, String resourceType, String resourceId) {
        SubjectEntry entry = entries.get(subject);
        if (entry != null) {
            PolicyIndex index = entry.index;
            if (index != null) {
                touch(entry);
                return index.allows(action, resourceType, resourceId);
            }
        }
        return miss(subject).allows(action, resourceType, resourceId);
    }

    @Override
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        SubjectEntry entry = entries.get(subject);
        if (entry != null) {
            PolicyIndex index = entry.index;
            if (index != null) {
                touch(entry);
                return index.visibleIds(action, resourceType);
            }
        }
        return miss(subject).visibleIds(action, resourceType);
    }

    /** A hit: counts it, and stamps the entry only when the coarse clock moved since its last hit. */
    private void touch(SubjectEntry entry) {
        long clock = now;
        if (entry.accessedAt != clock) {
            entry.accessedAt = clock;
        }
        hits.increment();
    }

    private PolicyIndex miss(String subject) {
        Objects.requireNonNull(subject, "subject");
        misses.increment();
        return load(subject).index;
    }

    /**
     * Loads {@code subject}'s policies ahead of its first check (on event-account-authenticated).
     * Does nothing when the subject is cached. The future fails when the load fails; callers may
     * ignore it, as the next check retries.
     */
    public CompletableFuture<Void> warmUp(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (entries.containsKey(subject)) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> load(subject), executor)
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.debug("warm-up of subject {} failed", subject, failure);
                    }
                });
    }

    /**
     * Applies a committed policy change (event-policy-updated). Changes of subjects that are not
     * cached are ignored, except by a load of that subject in flight, which applies them to what it
     * read. When {@code change} reveals a gap in the revisions, every entry older than it is dropped
     * and loads in flight are redone, as they may have missed the lost changes.
     */
    public void apply(PolicyChange change) {
        long revision = change.revision();
        long previous = lastAppliedRevision.getAndAccumulate(revision, Math::max);
        if (previous == NO_REVISION || revision > previous + 1) {
            // Nothing before this change was seen (start-up) or some were lost: entries that may not
            // reflect the missing changes go.
            if (previous != NO_REVISION) {
                log.warn(
                        "policy revisions {}..{} were not received; dropping entries older than {}",
                        previous + 1, revision - 1, revision);
            }
            dropEntriesOlderThan(revision);
        }
        String subject = change.subject();
        SubjectEntry inFlight = loading.get(subject);
        if (inFlight != null) {
            inFlight.apply(change);
        }
        // Looked up after the loading map: an entry leaves "loading" only once it is in the cache.
        SubjectEntry cached = entries.get(subject);
        if (cached != null && cached != inFlight) {
            cached.apply(change);
        }
    }

    /** Drops {@code subject}'s entry; a load in flight is redone. */
    public void invalidate(String subject) {
        SubjectEntry inFlight = loading.get(subject);
        if (inFlight != null) {
            inFlight.markLoadStale();
        }
        SubjectEntry cached = entries.get(subject);
        if (cached != null) {
            cached.retire();
            entries.remove(subject, cached);
        }
    }

    /**
     * Drops every entry and redoes every load in flight (e.g. when the event subscription was reset
     * and changes may have been lost).
     */
    public void invalidateAll() {
        loading.values().forEach(SubjectEntry::markLoadStale);
        // Entries installed by loads that were past the loop above are in the map by now.
        for (Map.Entry<String, SubjectEntry> cached : entries.entrySet()) {
            cached.getValue().retire();
            entries.remove(cached.getKey(), cached.getValue());
        }
    }

    /**
     * Hits, misses, loads (successful and failed, first loads and refreshes, with their total time)
     * and evictions (for idleness, staleness and size; not invalidations). Each value is a sum of
     * counters read one after the other, so they may be slightly apart under load.
     */
    public CacheStats stats() {
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

    /** How many subjects are cached, approximately. */
    public long cachedSubjects() {
        return entries.mappingCount();
    }

    /** The resource types this cache holds policies of. */
    public Set<String> ownedTypes() {
        return ownedTypes;
    }

    /**
     * Stops the background sweeper. The cache keeps answering, but entries then no longer expire,
     * refresh or get evicted. Idempotent.
     */
    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /**
     * One pass of the time-based work: publishes the coarse clock, drops idle and stale entries,
     * starts due refreshes of entries in use, and evicts the least recently used entries beyond
     * the maximum. Runs every sweep interval on the sweeper thread; tests call it directly.
     */
    void sweep() {
        long clock = ticker.read();
        now = clock;
        for (SubjectEntry entry : entries.values()) {
            if (clock - entry.accessedAt >= expireAfterAccessNanos) {
                evict(entry, "unused");
            } else if (clock - entry.loadedAt() >= stalenessBoundNanos) {
                // Refreshes have been failing since the last successful load: the source is down.
                evict(entry, "stale");
            } else if (clock - entry.refreshDueAt() >= 0 && clock - entry.accessedAt < refreshAfterNanos) {
                startRefresh(entry);
            }
        }
        evictOverflow();
    }

    /** The installed entry of {@code subject}, if any (tests). */
    SubjectEntry entry(String subject) {
        return entries.get(subject);
    }

    /** Evicts the least recently used entries beyond the maximum. */
    private void evictOverflow() {
        overflowSweepRequested.set(false);
        long excess = entries.mappingCount() - maximumSubjects;
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
        evictions.increment();
        log.debug("evicted subject {}: {}", entry.subject(), why);
        return true;
    }

    private void startRefresh(SubjectEntry entry) {
        if (!entry.beginReload()) {
            return; // a refresh is in flight, or the entry was just dropped
        }
        try {
            executor.execute(() -> refresh(entry));
        } catch (RejectedExecutionException e) {
            entry.abortLoad();
            log.debug("refresh of subject {} was not started", entry.subject(), e);
        }
    }

    /**
     * Reloads an entry in place. On failure the entry keeps serving its policies, and the staleness
     * bound runs on from the last successful load.
     */
    private void refresh(SubjectEntry entry) {
        String subject = entry.subject();
        long floor = lastAppliedRevision.get();
        long readAt = ticker.read();
        Snapshot read;
        try {
            read = read(subject);
        } catch (RuntimeException e) {
            entry.refreshFailed(readAt + refreshAfterNanos);
            log.debug("refresh of subject {} failed; serving the cached policies", subject, e);
            return;
        }
        if (read.revision() < floor || !entry.install(read.index(), read.revision(), readAt, refreshAfterNanos)) {
            // Superseded (gap, invalidation, lagging read): keep what the entry has, try again later.
            entry.refreshFailed(readAt + refreshAfterNanos);
            log.debug("refresh of subject {} was superseded", subject);
        }
    }

    /** A miss: loads the subject, or joins the load another thread runs. */
    private SubjectEntry load(String subject) {
        SubjectEntry fresh = new SubjectEntry(subject);
        SubjectEntry inFlight = loading.putIfAbsent(subject, fresh);
        if (inFlight != null) {
            return inFlight.awaitFirstLoad();
        }
        try {
            // Another thread may have finished loading between our miss and our registration.
            SubjectEntry cached = entries.get(subject);
            if (cached != null && cached.index != null) {
                fresh.completeFirstLoad(cached);
                return cached;
            }
            for (int attempt = 1; attempt <= MAX_LOAD_ATTEMPTS; attempt++) {
                long floor = lastAppliedRevision.get();
                long readAt = ticker.read();
                Snapshot read = read(subject);
                synchronized (fresh) {
                    // Install and publish under the entry's lock: a change either finds the entry still
                    // loading (and is applied on top of the read) or finds it in the cache.
                    if (read.revision() >= floor
                            && fresh.install(read.index(), read.revision(), readAt, refreshAfterNanos)) {
                        fresh.accessedAt = now;
                        entries.put(subject, fresh);
                        fresh.completeFirstLoad(fresh);
                        requestOverflowSweepIfNeeded();
                        return fresh;
                    }
                }
                log.debug("load of subject {} was superseded, reading again", subject);
            }
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " were invalidated during "
                            + MAX_LOAD_ATTEMPTS + " loads in a row");
        } catch (RuntimeException e) {
            fresh.failFirstLoad(e);
            throw e;
        } finally {
            loading.remove(subject, fresh);
        }
    }

    /** Over the maximum: the sweeper evicts now rather than at its next pass. */
    private void requestOverflowSweepIfNeeded() {
        if (sweeper != null
                && entries.mappingCount() > maximumSubjects
                && overflowSweepRequested.compareAndSet(false, true)) {
            try {
                sweeper.execute(this::evictOverflow);
            } catch (RejectedExecutionException e) {
                overflowSweepRequested.set(false); // closed
            }
        }
    }

    /** Reads and indexes the subject's policies; any failure is "unavailable", never "allow". */
    private Snapshot read(String subject) {
        long start = ticker.read();
        try {
            PolicySnapshot snapshot = source.load(subject, ownedTypes);
            if (snapshot == null) {
                throw new PolicySourceUnavailableException("policy source returned no snapshot");
            }
            PolicyIndex index = PolicyIndex.of(subject, ownedTypes, snapshot.policies());
            loadSuccesses.increment();
            totalLoadNanos.add(ticker.read() - start);
            return new Snapshot(index, snapshot.revision());
        } catch (RuntimeException e) {
            loadFailures.increment();
            totalLoadNanos.add(ticker.read() - start);
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " are unavailable: " + e.getMessage(), e);
        }
    }

    private void dropEntriesOlderThan(long revision) {
        loading.values().forEach(SubjectEntry::markLoadStale);
        entries.values().removeIf(entry -> entry.retireIfOlderThan(revision));
    }

    private record Snapshot(PolicyIndex index, long revision) {}

    /**
     * The sweeper's task. It holds the cache weakly, so that a cache dropped without {@link #close()}
     * can be collected; the task then stops its thread.
     */
    private static final class ScheduledSweep implements Runnable {
        private final WeakReference<CachingAuthorizer> cache;
        private final ScheduledExecutorService sweeper;

        ScheduledSweep(CachingAuthorizer cache, ScheduledExecutorService sweeper) {
            this.cache = new WeakReference<>(cache);
            this.sweeper = sweeper;
        }

        @Override
        public void run() {
            CachingAuthorizer target = cache.get();
            if (target == null) {
                sweeper.shutdown();
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

    /** Settings of a {@link CachingAuthorizer}; every setting has a default. */
    public static final class Builder {
        private final PolicySource source;
        private final Set<String> ownedTypes;
        private long maximumSubjects = 100_000;
        private Duration expireAfterAccess = Duration.ofMinutes(30);
        private Duration refreshAfter = Duration.ofMinutes(1);
        private Duration stalenessBound = Duration.ofMinutes(10);
        private Ticker ticker = Ticker.systemTicker();
        private Executor executor = ForkJoinPool.commonPool();
        private Duration sweepInterval = Duration.ofSeconds(1);
        private boolean backgroundSweeps = true;

        private Builder(PolicySource source, Set<String> ownedTypes) {
            this.source = Objects.requireNonNull(source, "source");
            this.ownedTypes = Set.copyOf(ownedTypes);
            if (this.ownedTypes.isEmpty()) {
                throw new IllegalArgumentException("a service owns at least one resource type");
            }
        }

        /**
         * Most subjects kept (default 100,000); beyond it the least recently used are evicted by the
         * sweeper, which a load past the maximum wakes at once.
         */
        public Builder maximumSubjects(long maximumSubjects) {
            if (maximumSubjects <= 0) {
                throw new IllegalArgumentException("maximumSubjects must be positive");
            }
            this.maximumSubjects = maximumSubjects;
            return this;
        }

        /** An entry unused this long is dropped (default 30 min). */
        public Builder expireAfterAccess(Duration expireAfterAccess) {
            this.expireAfterAccess = positive(expireAfterAccess, "expireAfterAccess");
            return this;
        }

        /**
         * An entry in use whose last successful load is this old is reloaded in the background
         * (default 1 min); the old one serves meanwhile. "In use": checked within the last {@code
         * refreshAfter}. A failed refresh is retried {@code refreshAfter} later.
         */
        public Builder refreshAfter(Duration refreshAfter) {
            this.refreshAfter = positive(refreshAfter, "refreshAfter");
            return this;
        }

        /**
         * An entry whose last successful load is this old is dropped even if the source is down
         * (default 10 min); then checks of the subject fail as unavailable.
         */
        public Builder stalenessBound(Duration stalenessBound) {
            this.stalenessBound = positive(stalenessBound, "stalenessBound");
            return this;
        }

        /**
         * How often the sweeper runs (default 1 s): expiry, refresh, the staleness bound and the
         * size bound each act up to this much late, and access times are this coarse.
         */
        public Builder sweepInterval(Duration sweepInterval) {
            this.sweepInterval = positive(sweepInterval, "sweepInterval");
            return this;
        }

        /** No sweeper thread: the tests of this package call {@link CachingAuthorizer#sweep()}. */
        Builder sweepManually() {
            this.backgroundSweeps = false;
            return this;
        }

        /** The clock of expiry and refresh (tests inject a fake one). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        /** Runs background refreshes and warm-ups (default: the common fork-join pool). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        public CachingAuthorizer build() {
            if (refreshAfter.compareTo(stalenessBound) >= 0) {
                throw new IllegalArgumentException(
                        "refreshAfter (" + refreshAfter + ") must be shorter than stalenessBound ("
                                + stalenessBound + "), or entries are dropped before they are ever refreshed");
            }
            return new CachingAuthorizer(this);
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return duration;
        }
    }
}
