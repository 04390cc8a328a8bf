package io.marketbus.accounts.tokens;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.marketbus.support.security.Roles;
import io.marketbus.support.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Signs access tokens: ES256 JWTs with {@code kid}, {@code iss}, {@code aud}, {@code sub}, {@code role}. */
@Component
class AccessTokens {

    record Issued(String token, Instant expiresAt, long expiresIn) {}

    private final SigningKeys keys;
    private final Clock clock;
    private final SecurityProperties security;

    AccessTokens(SigningKeys keys, Clock clock, SecurityProperties security) {
        this.keys = keys;
        this.clock = clock;
        this.security = security;
    }

    Issued issue(String subject, String role, Duration ttl) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plus(ttl);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(security.issuer())
                .audience(List.of(security.audience()))
                .subject(subject)
                .claim(Roles.CLAIM, role)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .build();
        ECKey key = keys.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an access token", e);
        }
        return new Issued(jwt.serialize(), expires, ttl.toSeconds());
    }
}
