package io.marketbus.support.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A decoder that checks each distinct token's signature once: a client sends the same access token
 * with every request for its lifetime, and the ES256 verification is most of what checking it costs
 * (see docs/benchmarks.md). The token's claims are checked again on every request (expiry,
 * revocation since it was issued, and the rest of the validator), so a cached token stops working
 * exactly when an uncached one would. The key is the whole token, signature included: a token that
 * differs in any byte is verified afresh. Entries last at most the token lifetime limit, and the
 * number of entries is bounded.
 */
public final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifying;
    private final OAuth2TokenValidator<Jwt> claims;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifying the full decoder (signature, then {@code claims})
     * @param claims    what is checked again on each use of a verified token
     */
    public VerifiedTokens(JwtDecoder verifying, OAuth2TokenValidator<Jwt> claims, Duration lifetimeLimit, long maximumTokens) {
        this(verifying, claims, lifetimeLimit, maximumTokens, Ticker.systemTicker());
    }

    /** With the clock of the entries' lifetime (tests move it past the bound). */
    VerifiedTokens(JwtDecoder verifying, OAuth2TokenValidator<Jwt> claims, Duration lifetimeLimit, long maximumTokens,
            Ticker ticker) {
        this.verifying = verifying;
        this.claims = claims;
        this.verified = Caffeine.newBuilder().maximumSize(maximumTokens).expireAfterWrite(lifetimeLimit).ticker(ticker).build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifying.decode(token); // throws for a bad signature or claims: nothing is cached
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = claims.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("The token is no longer valid: "
                    + result.getErrors().iterator().next().getDescription(), result.getErrors());
        }
        return known;
    }

    /** How many tokens are remembered now (tests of the bounds). */
    long remembered() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
