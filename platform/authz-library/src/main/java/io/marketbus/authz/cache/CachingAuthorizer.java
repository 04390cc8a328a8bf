package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.policy.PolicyIndex;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Authorizer} over a per-subject cache of {@link PolicyIndex}es, loaded from a {@link
 * PolicySource} and kept current by {@link #apply(PolicyChange) policy changes}.
 *
 * <ul>
 *   <li>Only the resource types the service owns are cached; checks on other types are denied.
 *   <li>A cache hit is a {@link ConcurrentHashMap} lookup and the index probe. It reads no clock: it
 *       writes its entry's access stamp only when the {@link CoarseClock} has moved since the
 *       entry's last hit. This class is that hit path; the rest is package-private:
 *   <li>{@link SubjectLoader}: a miss loads the subject's policies; concurrent misses for one
 *       subject share one load. A subject without policies is cached like any other. A miss whose
 *       load fails throws {@link AuthorizationUnavailableException}: it never allows.
 *   <li>{@link RevisionGate}: changes are applied by revision, also on top of loads in flight, and
 *       a gap in the revisions drops what may have missed the lost changes.
 *   <li>{@link Sweeper}: expiry, background refresh, the staleness bound and the size bound, every
 *       {@code sweepInterval}.
 * </ul>
 *
 * <p>Guarantee: once {@link #apply} of a revoking change has returned, no check on this instance
 * allows the revoked policy (unless another policy still grants it). With {@link
 * Builder#issuedChanges}, also: a change this service issued is honoured by every check from the
 * moment {@link IssuedChanges} returns it until this instance applies a change of the same policy
 * newer than the revision the issue was stamped with.
 *
 * <p>Partitions: with {@link Builder#updatesConnected}, once the link that brings the changes has
 * been down longer than {@link Builder#partitionBound} (plus up to one sweep interval), no entry is
 * trusted: every decision reads the subject's policies from the source, as they stand, until the
 * link is back and the cache has started over ({@link UpdateLink}). So a revocation is refused
 * within the partition bound even on an instance that never hears of it.
 *
 * <p>Deleted subjects ({@link #subjectDeleted}) are served nothing, whatever arrives later.
 *
 * <p>A revision that the policy store's reads never reach (an impossible or forged one) does not
 * lock the cache: after {@value #MAX_LOAD_ATTEMPTS} reads below it the cache resets and reloads.
 *
 * <p>Thread-safe; holds no static state, so instances are independent. {@link #close()} stops the
 * sweeper; an instance that becomes unreachable without being closed stops it too.
 */
public final class CachingAuthorizer implements Authorizer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CachingAuthorizer.class);

    /** Loads in a row that may be discarded (invalidation races) before a miss gives up. */
    static final int MAX_LOAD_ATTEMPTS = 3;

    // The hit path reads only these final fields (the map, the clock, the hit counter).
    private final ConcurrentHashMap<String, SubjectEntry> entries = new ConcurrentHashMap<>();
    private final CoarseClock clock;
    private final LongAdder hits;

    private final CacheSettings settings;
    private final CacheCounters counters = new CacheCounters();
    private final RevisionGate revisions;
    private final SubjectLoader loader;
    private final Sweeper sweeper;
    /** Null without {@link Builder#issuedChanges}: the hit path then tests one field more, nothing else. */
    private final IssuedChangesOverlay issued;
    private final DeletedSubjects deleted;
    /** Read by the hit path: while partitioned, no entry is trusted. */
    private final UpdateLink link;

    private CachingAuthorizer(CacheSettings settings, IssuedChangesOverlay issued, Duration deletedKept) {
        this.issued = issued;
        this.settings = settings;
        this.hits = counters.hits;
        this.clock = new CoarseClock(settings.ticker().read());
        this.deleted = new DeletedSubjects(settings.maximumSubjects(), deletedKept, settings.ticker());
        this.link = new UpdateLink(settings.updatesConnected(), settings.partitionBoundNanos());
        // First loads in flight, so that changes reach them and concurrent misses share them.
        ConcurrentHashMap<String, SubjectEntry> loading = new ConcurrentHashMap<>();
        this.revisions = new RevisionGate(entries, loading, deleted);
        this.loader = new SubjectLoader(settings, entries, loading, revisions, clock, counters, deleted);
        this.sweeper = new Sweeper(settings, entries, clock, loader, counters, link, revisions);
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
        if (issued == null || !issued.overlays(resourceType) || deleted.contains(subject)) {
            return index(subject).allows(action, resourceType, resourceId);
        }
        // Where this service revokes nothing, only grants can be pending: they cannot undo an allow.
        if (!issued.mayRevoke(resourceType) && index(subject).allows(action, resourceType, resourceId)) {
            return true;
        }
        List<PolicyChange> pending = issued.unconfirmed(subject); // before the index: see unconfirmed
        return IssuedChangesOverlay.over(indexAgain(subject), pending).allows(action, resourceType, resourceId);
    }

    @Override
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        return deciding(subject, resourceType).visibleIds(action, resourceType);
    }

    /**
     * The index a decision on {@code resourceType} reads: the subject's cached one, with the changes
     * this service issued and has not seen confirmed on top when it owns the type. Only those
     * decisions pay for reading the issued changes: the overlay holds nothing of other types.
     */
    private PolicyIndex deciding(String subject, String resourceType) {
        if (issued == null || !issued.overlays(resourceType) || deleted.contains(subject)) {
            return index(subject);
        }
        List<PolicyChange> pending = issued.unconfirmed(subject); // before the index: see unconfirmed
        return IssuedChangesOverlay.over(index(subject), pending);
    }

    /** The subject's cached index (a hit), or the one a miss loads. */
    private PolicyIndex index(String subject) {
        SubjectEntry entry = entries.get(subject);
        if (entry != null) {
            PolicyIndex index = entry.index;
            if (index != null && !link.partitioned) {
                touch(entry);
                return index;
            }
        }
        return miss(subject);
    }


    /** The index once more in the same decision: a hit is not counted twice. */
    private PolicyIndex indexAgain(String subject) {
        SubjectEntry entry = entries.get(subject);
        PolicyIndex index = entry == null ? null : entry.index;
        return index != null && !link.partitioned ? index : miss(subject);
    }

    /** A hit: counts it, and stamps the entry only when the coarse clock moved since its last hit. */
    private void touch(SubjectEntry entry) {
        long now = clock.now();
        if (entry.accessedAt != now) {
            entry.accessedAt = now;
        }
        hits.increment();
    }

    private PolicyIndex miss(String subject) {
        Objects.requireNonNull(subject, "subject");
        counters.misses.increment();
        if (link.partitioned) {
            return loader.readThrough(subject);
        }
        return loadAndBound(subject).index;
    }

    private SubjectEntry loadAndBound(String subject) {
        SubjectEntry loaded = loader.load(subject);
        sweeper.evictSoonIfOverMaximum();
        return loaded;
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
        return CompletableFuture.runAsync(() -> loadAndBound(subject), settings.executor())
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
        revisions.apply(change);
        // After the cache has it: from here the overlay may stop honouring the issued change.
        if (issued != null) {
            issued.applied(change);
        }
    }

    /**
     * The highest revision this cache has received ({@link Long#MIN_VALUE} before the first): an
     * {@link IssuedChange} is stamped with it, as the store's change for it will be higher.
     */
    public long receivedRevision() {
        return revisions.received();
    }

    /** How often a revision that the policy store's reads never reached reset this cache. */
    public long unreachableRevisionResets() {
        return revisions.resets();
    }

    /**
     * The subject's account was deleted: from now on it is served no policy, whatever a load, a
     * later grant event or an issued grant says (kept as long as the longer of the staleness bound
     * and the issued changes' time: the policy store itself refuses every later grant).
     */
    public void subjectDeleted(String subject) {
        deleted.add(Objects.requireNonNull(subject, "subject"));
        revisions.invalidate(subject);
    }

    /** Whether the cache is partitioned now: its link has been down longer than the bound. */
    public boolean partitioned() {
        return link.partitioned;
    }

    /** Drops {@code subject}'s entry; a load in flight is redone. */
    public void invalidate(String subject) {
        revisions.invalidate(subject);
    }

    /**
     * Drops every entry and redoes every load in flight (e.g. when the event subscription was reset
     * and changes may have been lost).
     */
    public void invalidateAll() {
        revisions.invalidateAll();
    }

    /**
     * Hits, misses, loads (successful and failed, first loads and refreshes, with their total time)
     * and evictions (for idleness, staleness and size; not invalidations). Each value is a sum of
     * counters read one after the other, so they may be slightly apart under load.
     */
    public CacheStats stats() {
        return counters.snapshot();
    }

    /**
     * The revision {@code subject}'s cached policies reflect, or empty when none are cached (nothing
     * is loaded): for operators' read-only views of the cache (the console's authorization explain).
     */
    public java.util.OptionalLong cachedRevision(String subject) {
        SubjectEntry entry = entries.get(subject);
        return entry == null || entry.index() == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(entry.revision());
    }

    /** How many subjects are cached, approximately. */
    public long cachedSubjects() {
        return entries.mappingCount();
    }

    /** The resource types this cache holds policies of. */
    public Set<String> ownedTypes() {
        return settings.ownedTypes();
    }

    /**
     * Stops the background sweeper. The cache keeps answering, but entries then no longer expire,
     * refresh or get evicted. Idempotent.
     */
    @Override
    public void close() {
        sweeper.close();
    }

    /** One sweep now (tests that build with {@link Builder#sweepManually()}). */
    void sweep() {
        sweeper.sweep();
    }

    /** The installed entry of {@code subject}, if any (tests). */
    SubjectEntry entry(String subject) {
        return entries.get(subject);
    }

    /** Settings of a {@link CachingAuthorizer}; every setting has a default ({@link CacheDefaults}). */
    public static final class Builder {
        private final PolicySource source;
        private final Set<String> ownedTypes;
        private long maximumSubjects = Long.parseLong(CacheDefaults.MAXIMUM_SUBJECTS);
        private Duration expireAfterAccess = Duration.parse(CacheDefaults.EXPIRE_AFTER_ACCESS);
        private Duration refreshAfter = Duration.parse(CacheDefaults.REFRESH_AFTER);
        private Duration stalenessBound = Duration.parse(CacheDefaults.STALENESS_BOUND);
        private Duration sweepInterval = Duration.parse(CacheDefaults.SWEEP_INTERVAL);
        private Ticker ticker = Ticker.systemTicker();
        private Executor executor = ForkJoinPool.commonPool();
        private boolean backgroundSweeps = true;
        private IssuedChanges issuedChanges;
        private Duration issuedChangesKept;
        private Set<String> revokedTypes;
        private BooleanSupplier updatesConnected;
        private Duration partitionBound = Duration.parse(CacheDefaults.PARTITION_BOUND);

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
         * (default 5 min); the old one serves meanwhile. "In use": checked within the last {@code
         * refreshAfter}. A failed refresh is retried {@code refreshAfter} later.
         */
        public Builder refreshAfter(Duration refreshAfter) {
            this.refreshAfter = positive(refreshAfter, "refreshAfter");
            return this;
        }

        /**
         * An entry whose last successful load is this old is dropped even if the source is down
         * (default 15 min); then checks of the subject fail as unavailable.
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

        /**
         * Read-your-writes: {@code issuedChanges} are the grants and removals this service issued
         * (shared by all its instances, kept {@code kept} long); each instance honours them on top
         * of its cache until it has applied the store's confirmation of each. Without this, the
         * cache decides alone and a creator may be refused until the grant has travelled the bus.
         */
        public Builder issuedChanges(IssuedChanges issuedChanges, Duration kept) {
            return issuedChanges(issuedChanges, kept, ownedTypes);
        }

        /**
         * {@link #issuedChanges(IssuedChanges, Duration)} for a service that issues removals only on
         * {@code revokedTypes} (owned types): a check the cache allows on another owned type is then
         * answered without reading the issued changes, since only grants can be pending there. The
         * caller must keep that promise (the adapter's {@code IssuedPolicies} refuses other removals).
         */
        public Builder issuedChanges(IssuedChanges issuedChanges, Duration kept, Set<String> revokedTypes) {
            if (!ownedTypes.containsAll(revokedTypes)) {
                throw new IllegalArgumentException("revoked types " + revokedTypes
                        + " must be among the owned types " + ownedTypes);
            }
            this.issuedChanges = Objects.requireNonNull(issuedChanges, "issuedChanges");
            this.issuedChangesKept = positive(kept, "kept");
            this.revokedTypes = Set.copyOf(revokedTypes);
            return this;
        }

        /**
         * Whether the link that brings {@link #apply policy changes} (the bus connection) is up now;
         * the sweeper asks every sweep. Without it the cache never partitions.
         */
        public Builder updatesConnected(BooleanSupplier updatesConnected) {
            this.updatesConnected = Objects.requireNonNull(updatesConnected, "updatesConnected");
            return this;
        }

        /**
         * How long the link may be down before no entry is trusted and every decision reads the
         * source (default 30 s); see {@link #updatesConnected}.
         */
        public Builder partitionBound(Duration partitionBound) {
            this.partitionBound = positive(partitionBound, "partitionBound");
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
            return new CachingAuthorizer(new CacheSettings(source, ownedTypes, ticker, executor, maximumSubjects,
                    expireAfterAccess.toNanos(), refreshAfter.toNanos(), stalenessBound.toNanos(),
                    sweepInterval.toNanos(), backgroundSweeps, updatesConnected, partitionBound.toNanos()),
                    issuedChanges == null ? null : new IssuedChangesOverlay(issuedChanges, ownedTypes, revokedTypes,
                            issuedChangesKept),
                    issuedChangesKept == null || issuedChangesKept.compareTo(stalenessBound) < 0
                            ? stalenessBound : issuedChangesKept);
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
