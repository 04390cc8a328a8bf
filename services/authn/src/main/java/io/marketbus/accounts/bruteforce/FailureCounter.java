package io.marketbus.accounts.bruteforce;

import io.marketbus.accounts.AuthnProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * Keycloak's brute-force rule as a pure function: failures are counted until {@code window} passes
 * without one; every {@code factor}-th failure locks for {@code waitIncrement} x lockouts so far,
 * at most {@code maxWait}.
 */
final class FailureCounter {

    /** The state after a failure; {@code lockedUntil} is set when this failure started a lock. */
    record State(int failures, int lockouts, Instant lastFailureAt, Instant lockedUntil) {
        boolean lockedNow(Instant previousLock) {
            return lockedUntil != null && !lockedUntil.equals(previousLock);
        }
    }

    private FailureCounter() {}

    static State afterFailure(State before, Instant now, int factor, AuthnProperties.BruteForce settings) {
        boolean forgotten = before.lastFailureAt() == null
                || before.lastFailureAt().plus(settings.window()).isBefore(now);
        int failures = (forgotten ? 0 : before.failures()) + 1;
        int lockouts = forgotten ? 0 : before.lockouts();
        Instant lockedUntil = forgotten ? null : before.lockedUntil();
        if (factor > 0 && failures % factor == 0) {
            lockouts++;
            lockedUntil = now.plus(waitFor(lockouts, settings));
        }
        return new State(failures, lockouts, now, lockedUntil);
    }

    static Duration waitFor(int lockouts, AuthnProperties.BruteForce settings) {
        Duration wait = settings.waitIncrement().multipliedBy(Math.max(1, lockouts));
        return wait.compareTo(settings.maxWait()) > 0 ? settings.maxWait() : wait;
    }
}
