package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.ConcurrentStatsCounter;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.policy.PolicyIndex;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
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
 *       AuthorizationUnavailableException} — it never allows.
 *   <li>Entries are bounded in number, dropped after {@code expireAfterAccess} unused, refreshed
 *       in the background {@code refreshAfter} after their last successful load, and, while the
 *       source is down, kept serving until {@code stalenessBound} after that load — then dropped.
 *   <li>Changes are applied by revision: a change newer than an entry is applied to it, an older
 *       or equal one is already reflected. A change arriving while the subject is loading is
 *       applied on top of the load's result, so a load can never install a revoked policy. A gap
 *       in the revisions (lost events) drops every entry older than the change that revealed it.
 * </ul>
 *
 * <p>Guarantee: once {@link #apply} of a revoking change has returned, no check on this instance
 * allows the revoked policy (unless another policy still grants it).
 *
 * <p>Thread-safe; holds no static state, so instances are independent.
 */
public final class CachingAuthorizer implements Authorizer {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    /** No change applied yet: the first change cannot be checked for a gap. */
    private static final long NO_REVISION = Long.MIN_VALUE;

    /** Loads in a row that may be discarded (invalidation races) before a miss gives up. */
    static final int MAX_LOAD_ATTEMPTS = 3;

    private final PolicySource source;
    private final Set<String> ownedTypes;
    private final Ticker ticker;
    private final Executor executor;
    private final ConcurrentStatsCounter stats = new ConcurrentStatsCounter();
    private final LoadingCache<String, SubjectEntry> entries;

    /** First loads in flight, so that changes reach them and concurrent misses share them. */
    private final ConcurrentHashMap<String, SubjectEntry> loading = new ConcurrentHashMap<>();

    private final AtomicLong lastAppliedRevision = new AtomicLong(NO_REVISION);

    private CachingAuthorizer(Builder builder) {
        this.source = builder.source;
        this.ownedTypes = builder.ownedTypes;
        this.ticker = builder.ticker;
        this.executor = builder.executor;
        this.entries =
                Caffeine.newBuilder()
                        .maximumSize(builder.maximumSubjects)
                        .expireAfterAccess(builder.expireAfterAccess)
                        // Only successful loads write the entry (changes update it in place), so "after
                        // write" means "after the last successful load": the staleness bound.
                        .expireAfterWrite(builder.stalenessBound)
                        .refreshAfterWrite(builder.refreshAfter)
                        .ticker(builder.ticker)
                        .executor(builder.executor)
                        .recordStats(() -> stats)
                        .build(new EntryRefresher());
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
        return indexOf(subject).allows(action, resourceType, resourceId);
    }

    @Override
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        return indexOf(subject).visibleIds(action, resourceType);
    }

    /**
     * Loads {@code subject}'s policies ahead of its first check (on event-account-authenticated).
     * Does nothing when the subject is cached. The future fails when the load fails; callers may
     * ignore it, as the next check retries.
     */
    public CompletableFuture<Void> warmUp(String subject) {
        Objects.requireNonNull(subject, "subject");
        if (entries.policy().getIfPresentQuietly(subject) != null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> load(subject), executor)
                .whenComplete(
                        (ignored, failure) -> {
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
        SubjectEntry cached = entries.policy().getIfPresentQuietly(subject);
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
        SubjectEntry cached = entries.policy().getIfPresentQuietly(subject);
        if (cached != null) {
            cached.retire();
            entries.asMap().remove(subject, cached);
        }
    }

    /**
     * Drops every entry and redoes every load in flight (e.g. when the event subscription was reset
     * and changes may have been lost).
     */
    public void invalidateAll() {
        loading.values().forEach(SubjectEntry::markLoadStale);
        entries.asMap().values().forEach(SubjectEntry::retire);
        entries.invalidateAll();
    }

    /** Hits, misses, loads (successful and failed, with their total time) and evictions. */
    public CacheStats stats() {
        return entries.stats();
    }

    /** How many subjects are cached, approximately. */
    public long cachedSubjects() {
        return entries.estimatedSize();
    }

    /** The resource types this cache holds policies of. */
    public Set<String> ownedTypes() {
        return ownedTypes;
    }

    private PolicyIndex indexOf(String subject) {
        SubjectEntry entry = entries.getIfPresent(subject);
        if (entry != null) {
            PolicyIndex index = entry.index();
            if (index != null) {
                return index;
            }
        }
        return load(subject).index();
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
            SubjectEntry cached = entries.policy().getIfPresentQuietly(subject);
            if (cached != null && cached.index() != null) {
                fresh.completeFirstLoad(cached);
                return cached;
            }
            for (int attempt = 1; attempt <= MAX_LOAD_ATTEMPTS; attempt++) {
                long floor = lastAppliedRevision.get();
                Snapshot read = read(subject, true);
                synchronized (fresh) {
                    // Install and publish under the entry's lock: a change either finds the entry still
                    // loading (and is applied on top of the read) or finds it in the cache.
                    if (read.revision() >= floor && fresh.install(read.index(), read.revision())) {
                        entries.put(subject, fresh);
                        fresh.completeFirstLoad(fresh);
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

    /** Reads and indexes the subject's policies; any failure is "unavailable", never "allow". */
    private Snapshot read(String subject, boolean recordStats) {
        long start = ticker.read();
        try {
            PolicySnapshot snapshot = source.load(subject, ownedTypes);
            if (snapshot == null) {
                throw new PolicySourceUnavailableException("policy source returned no snapshot");
            }
            PolicyIndex index = PolicyIndex.of(subject, ownedTypes, snapshot.policies());
            if (recordStats) {
                stats.recordLoadSuccess(ticker.read() - start);
            }
            return new Snapshot(index, snapshot.revision());
        } catch (RuntimeException e) {
            if (recordStats) {
                stats.recordLoadFailure(ticker.read() - start);
            }
            throw new AuthorizationUnavailableException(
                    "policies of subject " + subject + " are unavailable: " + e.getMessage(), e);
        }
    }

    private void dropEntriesOlderThan(long revision) {
        loading.values().forEach(SubjectEntry::markLoadStale);
        entries.asMap().values().removeIf(entry -> entry.retireIfOlderThan(revision));
    }

    private record Snapshot(PolicyIndex index, long revision) {}

    /**
     * Caffeine's refresh hook: reloads an entry in place. Throwing keeps the entry as it was and,
     * since a failed refresh does not count as a write, lets the staleness bound run on.
     */
    private final class EntryRefresher implements CacheLoader<String, SubjectEntry> {

        @Override
        public SubjectEntry load(String subject) {
            // Misses never go through Caffeine's loader: see CachingAuthorizer.load.
            throw new UnsupportedOperationException("entries are installed by CachingAuthorizer");
        }

        @Override
        public SubjectEntry reload(String subject, SubjectEntry entry) {
            entry.beginReload();
            long floor = lastAppliedRevision.get();
            Snapshot read;
            try {
                // Caffeine records the refresh's outcome in the same stats.
                read = read(subject, false);
            } catch (RuntimeException e) {
                entry.abortLoad();
                log.debug("refresh of subject {} failed; serving the cached policies", subject, e);
                throw e;
            }
            if (read.revision() < floor || !entry.install(read.index(), read.revision())) {
                entry.abortLoad();
                throw new StaleRefreshException(subject);
            }
            return entry;
        }
    }

    /** A refresh whose read may have missed changes; the entry keeps its current policies. */
    private static final class StaleRefreshException extends RuntimeException {
        StaleRefreshException(String subject) {
            super("refresh of subject " + subject + " was superseded", null, false, false);
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

        private Builder(PolicySource source, Set<String> ownedTypes) {
            this.source = Objects.requireNonNull(source, "source");
            this.ownedTypes = Set.copyOf(ownedTypes);
            if (this.ownedTypes.isEmpty()) {
                throw new IllegalArgumentException("a service owns at least one resource type");
            }
        }

        /** Most subjects kept (default 100,000); least valuable ones are evicted beyond it. */
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
         * An entry this old (since its last successful load) is reloaded in the background on its
         * next use (default 1 min); the old one serves meanwhile.
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
