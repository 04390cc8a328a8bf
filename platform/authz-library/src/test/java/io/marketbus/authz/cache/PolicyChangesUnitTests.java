package io.marketbus.authz.cache;

import static io.marketbus.authz.testing.DecisionAssert.assertDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.authz.testing.FakeTicker;
import io.marketbus.authz.testing.InMemoryPolicySource;
import io.marketbus.authz.testing.InMemoryPolicySource.LoadPause;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Applying event-policy-updated changes: revision rules, gaps and races with loads. */
class PolicyChangesUnitTests {

    private final FakeTicker ticker = new FakeTicker();
    private final InMemoryPolicySource source = InMemoryPolicySource.ofFixture("orders-basic");
    @AutoClose("shutdownNow")
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private CachingAuthorizer authorizer;

    @BeforeEach
    void startReceivingChanges() {
        authorizer = newAuthorizer();
        // The first change received sets where the stream stands; later ones are checked for gaps.
        authorizer.apply(source.put("1:get:orders:1"));
    }

    private CachingAuthorizer newAuthorizer() {
        return ManuallySweptCache.builder(source, ticker).build();
    }

    @Test
    void aNewerChangeIsAppliedToTheCachedEntryWithoutReloading() {
        assertDecisions(authorizer).allows("10:get:orders:15").denies("10:ship:orders:15");

        authorizer.apply(source.delete("10:get:orders:15"));
        authorizer.apply(source.put("10:ship:orders:15"));

        assertDecisions(authorizer).denies("10:get:orders:15").allows("10:ship:orders:15");
        assertThat(source.loads("10")).isEqualTo(1);
    }

    @Test
    void aChangeTheEntryAlreadyReflectsIsIgnored() {
        PolicyChange revoke = source.delete("10:get:orders:15");
        PolicyChange grantAgain = source.put("10:get:orders:15");
        authorizer.apply(revoke);
        authorizer.apply(grantAgain);
        assertDecisions(authorizer).allows("10:get:orders:15"); // loaded at grantAgain's revision

        authorizer.apply(revoke); // redelivered, older than the entry

        assertDecisions(authorizer).allows("10:get:orders:15");
        assertThat(source.loads("10")).isEqualTo(1);
    }

    @Test
    void changesOfSubjectsNotCachedAreIgnored() {
        authorizer.apply(source.put("77:get:orders:1"));

        assertThat(source.loads()).isZero();
        assertThat(authorizer.cachedSubjects()).isZero();
        assertDecisions(authorizer).allows("77:get:orders:1");
    }

    @Test
    void changesOfTypesTheServiceDoesNotOwnDoNotGrantAnything() {
        assertDecisions(authorizer).denies("10:get:payments:99");

        authorizer.apply(source.put("10:get:payments:99"));

        assertDecisions(authorizer).denies("10:get:payments:99").allows("10:get:orders:15");
    }

    @Test
    void aRevocationDuringALoadIsAppliedToWhatTheLoadRead() throws Exception {
        LoadPause pause = source.pauseNextLoad();
        Future<Boolean> racingCheck = threads.submit(() -> authorizer.check("10", "get", "orders", "15"));
        pause.awaitRead(); // the load has read the policy, not yet installed it

        authorizer.apply(source.delete("10:get:orders:15"));
        pause.release();

        assertThat(racingCheck.get(10, TimeUnit.SECONDS)).isFalse();
        assertDecisions(authorizer).denies("10:get:orders:15").allows("10:cancel:orders:15");
        assertThat(source.loads("10")).isEqualTo(1);
    }

    /** A refresh of subject 10's entry, paused right after it read the policies. */
    private record PausedRefresh(LoadPause pause, Future<?> sweeping) {
        /** Lets the refresh go on with what it read, and waits for the sweep that runs it. */
        void finish() throws Exception {
            pause.release();
            sweeping.get(10, TimeUnit.SECONDS);
        }
    }

    /** Subject 10 cached, in use and due for refresh; the sweep refreshing it paused after the read. */
    private PausedRefresh refreshPausedAfterRead() throws Exception {
        assertDecisions(authorizer).allows("10:get:orders:15");
        ticker.advance(Duration.ofMinutes(2));
        authorizer.sweep();
        assertDecisions(authorizer).allows("10:get:orders:15"); // in use and due for refresh
        LoadPause pause = source.pauseNextLoad();
        Future<?> sweeping = threads.submit(authorizer::sweep); // runs the refresh
        pause.awaitRead(); // the refresh has read the policy
        return new PausedRefresh(pause, sweeping);
    }

    @Test
    void aRevocationDuringARefreshIsNotUndoneByIt() throws Exception {
        PausedRefresh refresh = refreshPausedAfterRead();

        authorizer.apply(source.delete("10:get:orders:15"));
        assertDecisions(authorizer).denies("10:get:orders:15");

        refresh.finish();
        assertDecisions(authorizer).denies("10:get:orders:15").allows("10:cancel:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);
    }

    @Test
    void aGapDuringARefreshKeepsTheEntryAsItWas() throws Exception {
        PausedRefresh refresh = refreshPausedAfterRead();

        source.put("10:ship:orders:15"); // lost
        PolicyChange revealing = source.put("10:refund:orders:15");
        authorizer.apply(revealing); // the entry is older than the gap: dropped
        refresh.finish();

        assertDecisions(authorizer).allows("10:ship:orders:15", "10:refund:orders:15");
        assertThat(source.loads("10")).as("reloaded after the drop").isEqualTo(3);
    }

    @Test
    void aGapDropsEveryEntryOlderThanTheChangeThatRevealedIt() {
        assertDecisions(authorizer).denies("10:ship:orders:15");
        source.put("10:ship:orders:15"); // lost
        source.put("11:ship:orders:1"); // lost
        PolicyChange revealing = source.put("12:get:items:1");
        assertDecisions(authorizer).allows("11:ship:orders:1"); // loaded at the revealing revision

        authorizer.apply(revealing);

        assertDecisions(authorizer).allows("10:ship:orders:15", "11:ship:orders:1");
        assertThat(source.loads("10")).as("10 was older: reloaded").isEqualTo(2);
        assertThat(source.loads("11")).as("11 reflected the gap: kept").isEqualTo(1);
    }

    @Test
    void aGapDuringALoadMakesTheLoadReadAgain() throws Exception {
        LoadPause pause = source.pauseNextLoad();
        Future<Boolean> racingCheck = threads.submit(() -> authorizer.check("10", "get", "orders", "15"));
        pause.awaitRead();

        source.delete("10:get:orders:15"); // lost
        authorizer.apply(source.put("99:get:orders:1")); // reveals the gap
        pause.release();

        assertThat(racingCheck.get(10, TimeUnit.SECONDS)).isFalse();
        assertDecisions(authorizer).denies("10:get:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);
    }

    @Test
    void invalidationDropsEntriesAndRedoesLoadsInFlight() throws Exception {
        assertDecisions(authorizer).allows("10:get:orders:15", "11:get:orders:1");
        source.delete("10:get:orders:15"); // lost

        authorizer.invalidate("10");
        assertDecisions(authorizer).denies("10:get:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);

        LoadPause pause = source.pauseNextLoad();
        Future<Boolean> racingCheck = threads.submit(() -> authorizer.check("12", "get", "orders", "1"));
        pause.awaitRead();
        source.delete("12:*:orders:*"); // lost, then the subscription is reset
        authorizer.invalidateAll();
        pause.release();

        assertThat(racingCheck.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(source.loads("12")).isEqualTo(2);
        assertThat(authorizer.cachedSubjects()).isEqualTo(1);
        assertDecisions(authorizer).allows("11:get:orders:1");
        assertThat(source.loads("11")).isEqualTo(2);
    }

    @Test
    void beforeAnyChangeIsReceivedTheFirstChangeCountsAsAGap() {
        CachingAuthorizer fresh = newAuthorizer();
        assertDecisions(fresh).allows("10:get:orders:15");
        source.put("10:ship:orders:15"); // sent before this instance was subscribed

        fresh.apply(source.put("13:get:orders:1"));

        assertDecisions(fresh).allows("10:ship:orders:15");
        assertThat(source.loads("10")).isEqualTo(2);
    }

    @Test
    void independentInstancesEachApplyTheRevocationTheyReceive() {
        CachingAuthorizer other = newAuthorizer();
        other.apply(PolicyChange.put(Policy.parse("1:get:orders:1"), source.revision()));
        assertDecisions(authorizer).allows("10:get:orders:15");
        assertDecisions(other).allows("10:get:orders:15");

        PolicyChange revoke = source.delete("10:get:orders:15");
        authorizer.apply(revoke);
        assertDecisions(authorizer).denies("10:get:orders:15");
        assertDecisions(other).allows("10:get:orders:15");

        other.apply(revoke);
        assertDecisions(other).denies("10:get:orders:15");
    }
}
