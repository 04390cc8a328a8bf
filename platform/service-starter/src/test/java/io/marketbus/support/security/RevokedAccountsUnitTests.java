package io.marketbus.support.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class RevokedAccountsUnitTests {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final Duration LIMIT = Duration.ofMinutes(15);

    static Jwt token(String subject, Instant issuedAt, Duration lifetime) {
        Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "ES256").issuedAt(issuedAt)
                .expiresAt(issuedAt.plus(lifetime)).claim("role", "admin");
        return subject == null ? builder.claim("x", 1).build() : builder.subject(subject).build();
    }

    RevokedAccounts at(Instant now) {
        return new RevokedAccounts(LIMIT, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void tokensIssuedUpToTheRevocationAreRefused_laterOnesAndOtherAccountsPass() {
        RevokedAccounts revoked = at(NOW);
        revoked.revoke("7", NOW);
        assertThat(revoked.validate(token("7", NOW.minusSeconds(60), Duration.ofMinutes(10))).hasErrors()).isTrue();
        assertThat(revoked.validate(token("7", NOW, Duration.ofMinutes(10))).hasErrors()).isTrue();
        assertThat(revoked.validate(token("7", NOW.plusSeconds(1), Duration.ofMinutes(10))).hasErrors()).isFalse();
        assertThat(revoked.validate(token("8", NOW.minusSeconds(60), Duration.ofMinutes(10))).hasErrors()).isFalse();
        // A subject-less token is left to the subject validator.
        assertThat(revoked.validate(token(null, NOW.minusSeconds(60), Duration.ofMinutes(10))).hasErrors()).isFalse();
    }

    @Test
    void aLaterRevocationOfTheSameAccountWins_anEarlierOneChangesNothing() {
        RevokedAccounts revoked = at(NOW);
        revoked.revoke("7", NOW);
        revoked.revoke("7", NOW.minusSeconds(100));
        assertThat(revoked.validate(token("7", NOW.minusSeconds(50), Duration.ofMinutes(10))).hasErrors()).isTrue();
    }

    @Test
    void aTokenLivingLongerThanTheLimitIsRefused_soOldRevocationsCanBeForgotten() {
        RevokedAccounts revoked = at(NOW);
        assertThat(revoked.validate(token("7", NOW, LIMIT.plusSeconds(1))).hasErrors()).isTrue();
        assertThat(revoked.validate(token("7", NOW, LIMIT)).hasErrors()).isFalse();

        revoked.revoke("7", NOW.minus(LIMIT).minusSeconds(1)); // can refuse no living token: not kept
        assertThat(revoked.size()).isZero();
        revoked.revoke("8", NOW);
        assertThat(revoked.size()).isOne();
        RevokedAccounts later = at(NOW.plus(LIMIT).plusSeconds(1));
        later.revoke("8", NOW);
        later.revoke("9", NOW.plus(LIMIT));
        assertThat(later.size()).as("the first has aged out").isOne();
    }
}
