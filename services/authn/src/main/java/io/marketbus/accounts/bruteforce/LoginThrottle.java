package io.marketbus.accounts.bruteforce;

import static io.marketbus.support.database.StoredTime.instant;
import static io.marketbus.support.database.StoredTime.utc;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.RequestContext;
import io.marketbus.support.web.ProblemException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Throttles password guessing, per account (its email, whether or not it exists, so a lock tells
 * nothing about existence) and per client address. The state is in the database, shared by all
 * instances. Every attempt is counted as a failure before its password is checked and taken back on
 * success, so parallel guesses cannot all slip past the check before any is counted. A lock answers
 * 429 with {@code Retry-After} before any password is checked, and fires event-suspicious-activity
 * when it starts.
 */
@Component
public class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Outbox outbox;
    private final Clock clock;
    private final AuthnProperties.BruteForce settings;
    private final KeyQueues queues = new KeyQueues();

    LoginThrottle(JdbcClient jdbc, PlatformTransactionManager transactions, Outbox outbox, Clock clock,
                  AuthnProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.outbox = outbox;
        this.clock = clock;
        this.settings = properties.bruteForce();
    }

    /** The throttle key of a login name (an email, or {@code svc:<client>} for a service client). */
    public static String accountKey(String login) {
        return "account:" + login;
    }

    static String clientKey(String address) {
        return "client:" + address;
    }

    /**
     * Takes one attempt for the account (null: none, e.g. a service client) and the client address,
     * counted as a failure before the password is checked: the rows are locked, checked and counted in
     * one transaction, so N parallel guesses count N before any is answered and the attempt that
     * reaches the threshold starts the lock for all that follow. A success takes the count back
     * ({@link #recordSuccess}), so does an attempt that was never checked ({@link #refund}).
     *
     * @throws ProblemException 429 with Retry-After while the account or the client address is locked
     *                          (nothing counted)
     */
    public void reserveAttempt(String accountKey, long accountId, String clientAddress) {
        if (!settings.enabled()) {
            return;
        }
        String client = clientKey(clientAddress);
        queues.inOrder(accountKey, client, () -> tx.executeWithoutResult(status -> reserve(accountKey, accountId,
                clientAddress)));
    }

    private void reserve(String accountKey, long accountId, String clientAddress) {
        Instant now = clock.instant();
        FailureCounter.State account = accountKey == null ? null : lockRow(accountKey, now);
        FailureCounter.State client = lockRow(clientKey(clientAddress), now);
        Instant until = latest(lockedAt(account, now), lockedAt(client, now));
        if (until != null) {
            throw tooManyFailures(now, until);
        }
        if (account != null) {
            count(accountKey, account, settings.failureFactor(), now).ifPresent(lock -> suspicious(accountId,
                    "accounts", accountId == 0 ? "" : Long.toString(accountId),
                    "Too many failed logins for one account: locked until " + lock, lock, now));
        }
        count(clientKey(clientAddress), client, settings.clientFailureFactor(), now).ifPresent(lock ->
                suspicious(0, "", "", "Too many failed logins from client address " + clientAddress
                        + ": locked until " + lock, lock, now));
    }

    /**
     * A successful login forgets the account's failures and takes back the client address's count
     * of this attempt (a lock it started stays: the failures before it were real).
     */
    public void recordSuccess(String accountKey, String clientAddress) {
        if (settings.enabled()) {
            queues.inOrder(accountKey, clientKey(clientAddress), () -> tx.executeWithoutResult(status -> {
                jdbc.sql("delete from login_failures where throttle_key = ?").param(accountKey).update();
                uncount(clientKey(clientAddress));
            }));
        }
    }

    /** The attempt was never checked (no hashing turn, an error): its counts are taken back. */
    public void refund(String accountKey, String clientAddress) {
        if (settings.enabled()) {
            queues.inOrder(accountKey, clientKey(clientAddress), () -> tx.executeWithoutResult(status -> {
                if (accountKey != null) {
                    uncount(accountKey);
                }
                uncount(clientKey(clientAddress));
            }));
        }
    }

    /** The failures counted now under a key (0 when none): what tests and operators look at. */
    public int failures(String key) {
        return jdbc.sql("select failures from login_failures where throttle_key = ?").param(key)
                .query(Integer.class).optional().orElse(0);
    }

    /** Forgets what no longer matters. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void purge() {
        Instant now = clock.instant();
        int purged = jdbc.sql("""
                        delete from login_failures
                        where last_failure_at < ? and (locked_until is null or locked_until < ?)""")
                .params(utc(now.minus(settings.window())), utc(now))
                .update();
        log.debug("Purged {} stale login failure counters", purged);
    }

    /** The key's row, made when missing and locked for this transaction; a fresh row has no history. */
    private FailureCounter.State lockRow(String key, Instant now) {
        jdbc.sql("""
                        insert into login_failures (throttle_key, failures, lockouts, last_failure_at, locked_until)
                        values (?, 0, 0, ?, null) on conflict do nothing""")
                .params(key, utc(now))
                .update();
        FailureCounter.State state = jdbc.sql("""
                        select failures, lockouts, last_failure_at, locked_until from login_failures
                        where throttle_key = ? for update""")
                .param(key)
                .query((rs, n) -> new FailureCounter.State(rs.getInt("failures"), rs.getInt("lockouts"),
                        instant(rs.getObject("last_failure_at", OffsetDateTime.class)),
                        instant(rs.getObject("locked_until", OffsetDateTime.class))))
                .single();
        return state.failures() == 0 && state.lockouts() == 0 ? new FailureCounter.State(0, 0, null, null) : state;
    }

    private static Instant lockedAt(FailureCounter.State state, Instant now) {
        return state != null && state.lockedUntil() != null && state.lockedUntil().isAfter(now) ? state.lockedUntil() : null;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /** Counts one failure on a locked row; the end of the lock when this failure started one. */
    private Optional<Instant> count(String key, FailureCounter.State before, int factor, Instant now) {
        FailureCounter.State after = FailureCounter.afterFailure(before, now, factor, settings);
        jdbc.sql("""
                        update login_failures set failures = ?, lockouts = ?, last_failure_at = ?, locked_until = ?
                        where throttle_key = ?""")
                .params(after.failures(), after.lockouts(), utc(after.lastFailureAt()),
                        after.lockedUntil() == null ? null : utc(after.lockedUntil()), key)
                .update();
        return after.lockedNow(before.lockedUntil()) ? Optional.of(after.lockedUntil()) : Optional.empty();
    }

    private void uncount(String key) {
        jdbc.sql("update login_failures set failures = failures - 1 where throttle_key = ? and failures > 0")
                .param(key).update();
    }

    private static ProblemException tooManyFailures(Instant now, Instant until) {
        long seconds = Math.max(1, (Duration.between(now, until).toMillis() + 999) / 1000);
        return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins", "Too many failed logins",
                "Too many failed logins: try again in " + seconds + " s",
                Map.of("retry_after", seconds), Map.of("Retry-After", Long.toString(seconds)));
    }

    private void suspicious(long accountId, String resourceType, String resourceId, String reason, Instant until,
                            Instant now) {
        Duration wait = Duration.between(now, until);
        SuspiciousActivity.Severity severity = wait.compareTo(settings.maxWait()) >= 0
                ? SuspiciousActivity.Severity.HIGH : SuspiciousActivity.Severity.MEDIUM;
        outbox.append(accountId == 0 ? "login" : Long.toString(accountId), new SuspiciousActivity(requestId(),
                accountId, resourceType, resourceId, "login", reason, severity));
        log.warn("Login lock: {}", reason);
    }

    /** The id of the request in progress (a UUID, as the contract wants), or a fresh one. */
    public static UUID requestId() {
        String id = RequestContext.current().requestId();
        try {
            return id == null ? UUID.randomUUID() : UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return UUID.randomUUID();
        }
    }
}
