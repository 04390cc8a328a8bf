package io.marketbus.benchmarks.security;

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
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.marketbus.support.security.RevokedAccounts;
import io.marketbus.support.security.SecurityAutoConfiguration;
import io.marketbus.support.security.SecurityProperties;
import io.marketbus.support.security.VerifiedTokens;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What verifying a service's access token costs per request: an ES256 token as authnsvc issues them,
 * decoded by the decoder every service builds (signature, then issuer, audience, subject, expiry,
 * lifetime and revocation), with the key already known (the JWKS fetched and cached). The same
 * token every call: the signature check is the work, whatever the claims; and the same through the
 * verified-token cache services put in front ({@link VerifiedTokens}), where only the claims are
 * checked again.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TokenVerificationBenchmarks {

    private NimbusJwtDecoder decoder;
    private VerifiedTokens remembering;
    private String token;

    @Setup
    public void setUp() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("bench").generate();
        SecurityProperties properties = new SecurityProperties("http://unused", "marketbus-authn", "marketbus", List.of(),
                Duration.ofMinutes(15));
        // As withJwkSetUri builds it, with the key set in hand instead of fetched and cached.
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier((claims, context) -> {}); // Spring's validator checks the claims
        decoder = new NimbusJwtDecoder(processor);
        OAuth2TokenValidator<Jwt> validator = SecurityAutoConfiguration.validator(properties,
                new RevokedAccounts(properties.tokenLifetimeLimit(), Clock.systemUTC()));
        decoder.setJwtValidator(validator);
        // What a service uses: the same decoder behind its verified-token cache.
        remembering = new VerifiedTokens(decoder, validator, properties.tokenLifetimeLimit(), 10_000);
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("bench").build(),
                new JWTClaimsSet.Builder().issuer("marketbus-authn").audience("marketbus").subject("1001")
                        .claim("role", "customer").issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(Duration.ofMinutes(14)))).build());
        jwt.sign(new ECDSASigner(key));
        token = jwt.serialize();
        decoder.decode(token); // a token the decoder refuses would measure the refusal
        remembering.decode(token);
    }

    /** Signature and claims: a token's first request (and every request without the cache). */
    @Benchmark
    public Jwt verifyAccessToken() {
        return decoder.decode(token);
    }

    /** The claims only: every later request with the same token. */
    @Benchmark
    public Jwt verifyAccessTokenSeenBefore() {
        return remembering.decode(token);
    }
}
