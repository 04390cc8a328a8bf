package io.marketbus.support.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.security.*}: where access tokens are verified from.
 *
 * @param jwksUri     the authentication service's JWKS (default from the catalogue: {@code ServiceDefaults})
 * @param issuer      required {@code iss}
 * @param audience    required in {@code aud}
 * @param publicPaths paths (Ant patterns) open without a token, besides health and API docs
 * @param tokenLifetimeLimit the longest an access token may live ({@code exp - iat}); a longer one is
 *                    refused. Account revocations (event-account-revoked) are kept this long, and
 *                    replayed this far back when an instance starts, so the view of revoked accounts
 *                    stays bounded yet misses no token still alive
 */
@ConfigurationProperties("marketbus.security")
public record SecurityProperties(
        String jwksUri,
        @DefaultValue("marketbus-authn") String issuer,
        @DefaultValue("marketbus") String audience,
        @DefaultValue({}) List<String> publicPaths,
        @DefaultValue("15m") Duration tokenLifetimeLimit) {}
