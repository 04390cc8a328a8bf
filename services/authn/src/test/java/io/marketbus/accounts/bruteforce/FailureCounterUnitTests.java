package io.marketbus.accounts.bruteforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.accounts.AuthnProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FailureCounterUnitTests {

    static final AuthnProperties.BruteForce KEYCLOAK = new AuthnProperties.BruteForce(true, 30, 100,
            Duration.ofHours(12), Duration.ofMinutes(1), Duration.ofMinutes(15));
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final FailureCounter.State NONE = new FailureCounter.State(0, 0, null, null);

    static FailureCounter.State fail(FailureCounter.State state, Instant at, int times) {
        for (int i = 0; i < times; i++) {
            state = FailureCounter.afterFailure(state, at, 30, KEYCLOAK);
        }
        return state;
    }

    @Test
    void everyFactorthFailureLocksForOneMoreIncrement_upToTheMaximum() {
        FailureCounter.State s = fail(NONE, T0, 29);
        assertThat(s.lockedUntil()).isNull();
        s = fail(s, T0, 1);
        assertThat(s.lockedUntil()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(s.lockedNow(null)).isTrue();
        Instant later = T0.plus(Duration.ofMinutes(2));
        s = fail(s, later, 30);
        assertThat(s.lockouts()).isEqualTo(2);
        assertThat(s.lockedUntil()).isEqualTo(later.plus(Duration.ofMinutes(2)));
        assertThat(FailureCounter.waitFor(14, KEYCLOAK)).isEqualTo(Duration.ofMinutes(14));
        assertThat(FailureCounter.waitFor(40, KEYCLOAK)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void failuresAreForgottenAfterAQuietWindow() {
        FailureCounter.State s = fail(NONE, T0, 29);
        s = fail(s, T0.plus(Duration.ofHours(12)).plusSeconds(1), 1);
        assertThat(s.failures()).isEqualTo(1);
        assertThat(s.lockedUntil()).isNull();
    }

    @Test
    void aFailureThatDoesNotLockKeepsTheCurrentLock() {
        FailureCounter.State s = fail(NONE, T0, 30);
        FailureCounter.State next = fail(s, T0.plusSeconds(1), 1);
        assertThat(next.lockedUntil()).isEqualTo(s.lockedUntil());
        assertThat(next.lockedNow(s.lockedUntil())).isFalse();
    }
}
