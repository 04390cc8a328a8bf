package io.marketbus.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verified-token cache skips only the signature check of a token seen before, never the claims:
 * real ES256 tokens, the production validator, an attacker's tampered and foreign-key tokens.
 */
class VerifiedTokensUnitTests {

    static final SecurityProperties PROPERTIES = new SecurityProperties("http://unused", "marketbus-authn", "marketbus",
            List.of(), Duration.ofMinutes(15));

    ECKey authn;
    /** Starts at the real now: the production validator also checks expiry on the system clock. */
    MovableClock clock = new MovableClock(Instant.now());
    RevokedAccounts revoked = new RevokedAccounts(PROPERTIES.tokenLifetimeLimit(), clock);
    AtomicInteger signatureChecks = new AtomicInteger();
    /** The cache entries' own clock, moved apart from the validator's to show the entry bound alone. */
    AtomicLong entryTicker = new AtomicLong();
    static final int MAXIMUM_TOKENS = 100;
    VerifiedTokens decoder;

    @BeforeEach
    void setUp() throws Exception {
        authn = new ECKeyGenerator(Curve.P_256).keyID("authn").generate();
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
        expiry.setClock(clock);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                SecurityAutoConfiguration.validator(PROPERTIES, revoked), expiry);
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(authn.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {});
        NimbusJwtDecoder verifying = new NimbusJwtDecoder(processor);
        verifying.setJwtValidator(validator);
        JwtDecoder counting = token -> {
            signatureChecks.incrementAndGet();
            return verifying.decode(token);
        };
        decoder = new VerifiedTokens(counting, validator, PROPERTIES.tokenLifetimeLimit(), MAXIMUM_TOKENS, entryTicker::get);
    }

    @Test
    void aTokenSeenBeforeIsNotVerifiedAgain() throws Exception {
        String token = token(authn, "1001", Duration.ofMinutes(10));

        for (int i = 0; i < 5; i++) {
            assertThat(decoder.decode(token).getSubject()).isEqualTo("1001");
        }

        assertThat(signatureChecks).hasValue(1);
    }

    @Test
    void aTamperedTokenIsVerifiedAfreshAndRefused_evenWhileTheGenuineOneIsCached() throws Exception {
        String genuine = token(authn, "1001", Duration.ofMinutes(10));
        decoder.decode(genuine);
        String[] parts = genuine.split("\\.");
        // The attacker keeps the genuine signature and makes themselves someone else.
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"1001\"", "\"1\"").getBytes());
        String forged = parts[0] + "." + otherClaims + "." + parts[2];
        String foreignKey = token(new ECKeyGenerator(Curve.P_256).keyID("authn").generate(), "1001", Duration.ofMinutes(10));

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(foreignKey)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(forged)).as("a refusal is not cached either").isInstanceOf(JwtException.class);
        assertThat(signatureChecks).hasValue(4);
    }

    @Test
    void aCachedTokenOfAnAccountRevokedSinceIsRefused() throws Exception {
        String token = token(authn, "1001", Duration.ofMinutes(10));
        decoder.decode(token);

        revoked.revoke("1001", clock.instant());

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("revoked");
        assertThat(signatureChecks).as("refused from the cache, then verified afresh and refused").hasValueLessThanOrEqualTo(2);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void aCachedTokenStopsWorkingWhenItExpires() throws Exception {
        String token = token(authn, "1001", Duration.ofMinutes(2));
        decoder.decode(token);

        clock.advance(Duration.ofMinutes(1));
        assertThat(decoder.decode(token).getSubject()).isEqualTo("1001");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class).hasMessageContaining("xpired");
    }

    @Test
    void pastTheSizeBound_theCacheKeepsItsMaximum_andAnEvictedTokenIsVerifiedAgain() throws Exception {
        List<String> tokens = new java.util.ArrayList<>();
        for (int i = 0; i < 3 * MAXIMUM_TOKENS; i++) {
            tokens.add(token(authn, Integer.toString(2000 + i), Duration.ofMinutes(10)));
        }
        for (String token : tokens) {
            decoder.decode(token);
        }

        assertThat(decoder.remembered()).isLessThanOrEqualTo(MAXIMUM_TOKENS);
        int before = signatureChecks.get();
        for (String token : tokens) {
            assertThat(decoder.decode(token).getSubject()).isNotBlank();
        }
        assertThat(signatureChecks.get() - before).as("at least the evicted ones were verified again")
                .isGreaterThanOrEqualTo(2 * MAXIMUM_TOKENS);
        assertThat(decoder.remembered()).isLessThanOrEqualTo(MAXIMUM_TOKENS);
    }

    @Test
    void pastTheLifetimeLimit_aRememberedTokenIsForgotten_andVerifiedAgain() throws Exception {
        String token = token(authn, "1001", Duration.ofMinutes(10));
        decoder.decode(token);
        entryTicker.addAndGet(PROPERTIES.tokenLifetimeLimit().minusSeconds(1).toNanos());
        decoder.decode(token);
        assertThat(signatureChecks).as("still remembered just inside the limit").hasValue(1);

        entryTicker.addAndGet(Duration.ofSeconds(2).toNanos());

        assertThat(decoder.remembered()).isZero();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("1001");
        assertThat(signatureChecks).hasValue(2);
    }

    private String token(ECKey key, String subject, Duration lifetime) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("marketbus-authn").audience("marketbus").subject(subject)
                        .issueTime(Date.from(now.minusSeconds(1))).expirationTime(Date.from(now.plus(lifetime))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    /** A clock the test moves: expiry without waiting for it. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
