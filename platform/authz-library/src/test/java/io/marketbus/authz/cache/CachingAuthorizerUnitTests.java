package io.marketbus.authz.cache;

import static io.marketbus.authz.testing.DecisionAssert.assertDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import io.marketbus.authz.testing.InMemoryPolicySource.LoadPause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Loading, sharing, warming, refreshing and expiring entries. Time-based work is done by the
 * sweeper: tests advance the fake ticker and call {@link CachingAuthorizer#sweep()} themselves.
 */
class CachingAuthorizerUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource source = InMemoryPolicySource.ofFixture("orders-basic");
    @AutoClose("shutdownNow")
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    private CachingAuthorizer.Builder settings() {
        return ManuallySweptCache.builder(source, ticker).expireAfterAccess(Duration.ofMinutes(30));
    }

    /** Time passes, and the sweeper runs once at its end. */
    private void elapse(CachingAuthorizer authorizer, Duration duration) {
        ticker.advance(duration);
        authorizer.sweep();
    }

    @Test
    void decidesFromTheSubjectsPoliciesOnTheOwnedTypes() {
        CachingAuthorizer authorizer = settings().build();

        assertDecisions(authorizer)
                .allows("10:get:orders:15", "10:cancel:orders:15", "11:refund:orders:20", "12:x:orders:1")
                .denies("10:cancel:orders:16", "10:get:payments:15", "11:refund:orders:21")
                .sees("10:get:orders", "15", "16")
                .seesAll("11:get:orders");
    }

    @Test
    void loadsASubjectOnceAndServesLaterChecksFromTheCache() {
        CachingAuthorizer authorizer = settings().build();

        for (int i = 0; i < 5; i++) {
            assertDecisions(authorizer).allows("10:get:orders:15").denies("10:ship:orders:15");
        }

        assertThat(source.loads("10")).isEqualTo(1);
        assertThat(authorizer.stats().missCount()).isEqualTo(1);
        assertThat(authorizer.stats().hitCount()).isEqualTo(9);
        assertThat(authorizer.stats().loadSuccessCount()).isEqualTo(1);
    }

    @Test
    void cachesSubjectsWithoutPolicies() {
        CachingAuthorizer authorizer = settings().build();

        assertDecisions(authorizer).denies("99:get:orders:1", "99:get:orders:2");
        assertThat(authorizer.visibleIds("99", "get", "orders")).isEqualTo(VisibleIds.none());

        assertThat(source.loads("99")).isEqualTo(1);
    }

    @Test
    void concurrentMissesOfOneSubjectShareOneLoad() throws Exception {
        CachingAuthorizer authorizer = settings().build();
        LoadPause pause = source.pauseNextLoad();
        int callers = 6;
        CyclicBarrier start = new CyclicBarrier(callers);
        List<Thread> callerThreads = new ArrayList<>();
        List<Future<Boolean>> decisions = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            decisions.add(
                    threads.submit(
                            () -> {
                                synchronized (callerThreads) {
                                    callerThreads.add(Thread.currentThread());
                                }
                                start.await();
                                return authorizer.check("10", "get", "orders", "15");
                            }));
        }
        pause.awaitRead();
        // Hold the one load until every other caller is parked waiting for it.
        await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> {
                            synchronized (callerThreads) {
                                return callerThreads.size() == callers
                                        && callerThreads.stream()
                                                .allMatch(
                                                        t ->
                                                                t.getState() == Thread.State.WAITING
                                                                        || t.getState() == Thread.State.TIMED_WAITING);
                            }
                        });
        pause.release();

        for (Future<Boolean> decision : decisions) {
            assertThat(decision.get(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(source.loads("10")).isEqualTo(1);
    }

    @Test
    void warmUpLoadsAheadOfTheFirstCheck() throws Exception {
        CachingAuthorizer authorizer = settings().build();

        authorizer.warmUp("10").get(10, TimeUnit.SECONDS);
        assertThat(source.loads("10")).isEqualTo(1);

        assertDecisions(authorizer).allows("10:get:orders:15");
        authorizer.warmUp("10").get(10, TimeUnit.SECONDS);
        assertThat(source.loads("10")).as("no load for a cached subject").isEqualTo(1);
        assertThat(authorizer.stats().hitCount()).isEqualTo(1);
    }

    @Test
    void aFailedWarmUpFailsItsFutureAndTheNextCheckRetries() {
        CachingAuthorizer authorizer = settings().build();
        source.goDown();

        CompletableFuture<Void> warmUp = authorizer.warmUp("10");

        assertThat(warmUp).isCompletedExceptionally();
        source.comeBack();
        assertDecisions(authorizer).allows("10:get:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);
    }

    @Test
    void anUncachedSubjectWhoseLoadFailsIsUnavailableNeverAllowed() {
        CachingAuthorizer authorizer = settings().build();
        source.goDown();

        assertThatThrownBy(() -> authorizer.check("10", "get", "orders", "15"))
                .isInstanceOf(AuthorizationUnavailableException.class)
                .hasMessageContaining("subject 10")
                .hasRootCauseInstanceOf(PolicySourceUnavailableException.class);
        assertThatThrownBy(() -> authorizer.visibleIds("10", "get", "orders"))
                .isInstanceOf(AuthorizationUnavailableException.class);
        assertThat(authorizer.stats().loadFailureCount()).isEqualTo(2);

        source.comeBack();
        assertDecisions(authorizer).allows("10:get:orders:15");
    }

    @Test
    void aSourceHandingOutAnotherSubjectsPoliciesIsUnavailable() {
        PolicySource confused =
                (subject, types) -> new PolicySnapshot(List.of(Policy.parse("12:*:orders:*")), 1);
        CachingAuthorizer authorizer = CachingAuthorizer.builder(confused, Set.of("orders")).build();

        assertThatThrownBy(() -> authorizer.check("10", "get", "orders", "15"))
                .isInstanceOf(AuthorizationUnavailableException.class)
                .hasMessageContaining("is not of subject 10");
    }

    @Test
    void whileTheSourceIsDownACachedSubjectServesUntilTheStalenessBound() {
        CachingAuthorizer authorizer = settings().build();
        assertDecisions(authorizer).allows("10:get:orders:15");
        source.goDown();

        elapse(authorizer, Duration.ofMinutes(2)); // due for refresh
        assertDecisions(authorizer).allows("10:get:orders:15"); // and in use
        authorizer.sweep(); // starts the refresh, which fails
        assertThat(source.loads("10")).as("a refresh was attempted").isEqualTo(2);
        assertDecisions(authorizer).allows("10:get:orders:15");
        elapse(authorizer, Duration.ofMinutes(2).plusSeconds(59)); // 4:59 after the load
        assertDecisions(authorizer).allows("10:get:orders:15");

        elapse(authorizer, Duration.ofSeconds(2)); // 5:01 after the last successful load
        assertThat(authorizer.cachedSubjects()).isZero();
        assertThatThrownBy(() -> authorizer.check("10", "get", "orders", "15"))
                .isInstanceOf(AuthorizationUnavailableException.class);

        source.comeBack();
        assertDecisions(authorizer).allows("10:get:orders:15");
    }

    @Test
    void aSuccessfulRefreshPicksUpChangesAndRestartsTheStalenessBound() {
        CachingAuthorizer authorizer = settings().build();
        assertDecisions(authorizer).denies("10:ship:orders:15");
        source.put("10:ship:orders:15"); // its event is lost: only the refresh can bring it

        elapse(authorizer, Duration.ofMinutes(2));
        authorizer.check("10", "get", "orders", "15"); // in use
        authorizer.sweep(); // refreshes
        assertDecisions(authorizer).allows("10:ship:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);

        source.goDown();
        elapse(authorizer, Duration.ofMinutes(4)); // 6 min after the load, 4 after the refresh
        assertDecisions(authorizer).allows("10:ship:orders:15");
        elapse(authorizer, Duration.ofMinutes(1).plusSeconds(1));
        assertThatThrownBy(() -> authorizer.check("10", "get", "orders", "15"))
                .isInstanceOf(AuthorizationUnavailableException.class);
    }

    @Test
    void onlyEntriesInUseAreRefreshed() {
        CachingAuthorizer authorizer = settings().build();
        assertDecisions(authorizer).allows("10:get:orders:15", "11:get:orders:1");

        elapse(authorizer, Duration.ofMinutes(2)); // both due
        assertDecisions(authorizer).allows("10:get:orders:15");
        authorizer.sweep();

        assertThat(source.loads("10")).as("in use: refreshed").isEqualTo(2);
        assertThat(source.loads("11")).as("idle: not refreshed").isEqualTo(1);
        assertThat(authorizer.cachedSubjects()).isEqualTo(2);
    }

    @Test
    void aRefreshThatFailedIsRetriedAfterTheRefreshIntervalNotAtEverySweep() {
        CachingAuthorizer authorizer = settings().build();
        assertDecisions(authorizer).allows("10:get:orders:15");
        source.goDown();
        elapse(authorizer, Duration.ofMinutes(1));
        assertDecisions(authorizer).allows("10:get:orders:15");
        authorizer.sweep(); // fails
        assertThat(source.loads("10")).isEqualTo(2);

        elapse(authorizer, Duration.ofSeconds(30));
        assertDecisions(authorizer).allows("10:get:orders:15");
        authorizer.sweep();
        assertThat(source.loads("10")).as("not due yet").isEqualTo(2);

        source.comeBack();
        elapse(authorizer, Duration.ofSeconds(31));
        assertDecisions(authorizer).allows("10:get:orders:15");
        authorizer.sweep();
        assertThat(source.loads("10")).isEqualTo(3);
        assertThat(authorizer.stats().loadFailureCount()).isEqualTo(1);
        assertThat(authorizer.stats().loadSuccessCount()).isEqualTo(2);
    }

    @Test
    void unusedEntriesExpireAndTheCacheStaysWithinItsSize() {
        CachingAuthorizer authorizer = settings().maximumSubjects(2).build();
        assertDecisions(authorizer).allows("10:get:orders:15");
        elapse(authorizer, Duration.ofMinutes(31));
        assertThat(authorizer.cachedSubjects()).isZero();

        assertDecisions(authorizer).allows("10:get:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);

        assertDecisions(authorizer).allows("11:get:orders:1", "12:get:orders:1").denies("13:get:orders:1");
        authorizer.check("14", "get", "orders", "1");
        authorizer.sweep();
        assertThat(authorizer.cachedSubjects()).isEqualTo(2);
        assertThat(authorizer.stats().evictionCount()).isEqualTo(4);
    }

    @Test
    void beyondTheMaximumTheLeastRecentlyUsedSubjectsAreEvicted() {
        CachingAuthorizer authorizer = settings().maximumSubjects(2).build();
        assertDecisions(authorizer).allows("10:get:orders:15", "11:get:orders:1");
        elapse(authorizer, Duration.ofSeconds(1));
        assertDecisions(authorizer).allows("10:get:orders:15"); // 11 is now the least recently used
        elapse(authorizer, Duration.ofSeconds(1));
        assertDecisions(authorizer).allows("12:get:orders:1");

        authorizer.sweep();

        assertDecisions(authorizer).allows("10:get:orders:15", "12:get:orders:1");
        assertThat(source.loads("10")).isEqualTo(1);
        assertThat(source.loads("12")).isEqualTo(1);
        assertDecisions(authorizer).allows("11:get:orders:1");
        assertThat(source.loads("11")).as("11 was evicted").isEqualTo(2);
    }

    @Test
    void hitsStampTheirEntryOnlyWhenTheSweepersClockHasMoved() {
        CachingAuthorizer authorizer = settings().build();
        assertDecisions(authorizer).allows("10:get:orders:15");
        SubjectEntry entry = authorizer.entry("10");
        long stamp = entry.accessedAt;

        ticker.advance(Duration.ofSeconds(30)); // no sweep: the coarse clock stands still
        assertDecisions(authorizer).allows("10:get:orders:15");
        assertThat(entry.accessedAt).isEqualTo(stamp);

        authorizer.sweep();
        assertDecisions(authorizer).allows("10:get:orders:15");
        assertThat(entry.accessedAt).isEqualTo(stamp + Duration.ofSeconds(30).toNanos());
        assertThat(authorizer.entry("10")).isSameAs(entry);
    }

    @Test
    void theBackgroundSweeperExpiresEntriesAndStopsOnClose() {
        CachingAuthorizer authorizer = CachingAuthorizer.builder(source, Set.of("orders"))
                .ticker(ticker)
                .sweepInterval(Duration.ofMillis(10))
                .expireAfterAccess(Duration.ofMinutes(30))
                .build();
        try (authorizer) {
            assertDecisions(authorizer).allows("10:get:orders:15");
            ticker.advance(Duration.ofMinutes(31));
            await().atMost(Duration.ofSeconds(10)).until(() -> authorizer.cachedSubjects() == 0);
        }

        assertDecisions(authorizer).allows("10:get:orders:15");
        ticker.advance(Duration.ofMinutes(31));
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1))
                .until(() -> authorizer.cachedSubjects() == 1);
    }

    @Test
    void aLoadBeyondTheMaximumWakesTheSweeperAtOnce() {
        CachingAuthorizer authorizer = CachingAuthorizer.builder(source, Set.of("orders"))
                .ticker(ticker)
                .sweepInterval(Duration.ofHours(1))
                .maximumSubjects(2)
                .build();
        try (authorizer) {
            assertDecisions(authorizer).allows("10:get:orders:15", "11:get:orders:1", "12:get:orders:1");
            await().atMost(Duration.ofSeconds(10)).until(() -> authorizer.cachedSubjects() == 2);
            assertThat(authorizer.stats().evictionCount()).isEqualTo(1);
        }
    }

    @Test
    void refusesSettingsThatWouldNeverRefresh() {
        assertThatThrownBy(
                        () ->
                                CachingAuthorizer.builder(source, Set.of("orders"))
                                        .refreshAfter(Duration.ofMinutes(10))
                                        .stalenessBound(Duration.ofMinutes(5))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refreshAfter");
        assertThatThrownBy(() -> CachingAuthorizer.builder(source, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
