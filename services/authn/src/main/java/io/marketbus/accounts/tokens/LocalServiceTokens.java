package io.marketbus.accounts.tokens;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.support.security.ServiceTokenProperties;
import io.marketbus.support.security.ServiceTokens;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * This service's own identity towards the others (authzsvc, for the policy cache): a service token
 * ({@code sub} = {@code svc:authnsvc}, {@code role} = service) signed with the local signing keys,
 * never fetched over HTTP from itself. Cached until {@code marketbus.security.refresh-before} (at
 * most half its lifetime) before it expires. It replaces the client-credentials
 * {@link ServiceTokens} every other service has (the adapter takes whichever bean there is).
 */
@Component
class LocalServiceTokens extends ServiceTokens {

    private record Cached(String token, Instant refreshAt) {}

    private final AccessTokens accessTokens;
    private final Clock clock;
    private final String subject;
    private final Duration lifetime;
    private final Duration refreshBefore;
    private volatile Cached cached;

    LocalServiceTokens(AccessTokens accessTokens, Clock clock, AuthnProperties properties,
                       ServiceTokenProperties serviceTokens, @Value("${marketbus.service}") String service) {
        // The HTTP side of ServiceTokens is never used: token() is overridden.
        super(RestClient.create(), URI.create("local:" + service), service, "unused", clock, serviceTokens.refreshBefore());
        this.accessTokens = accessTokens;
        this.clock = clock;
        this.subject = TokenService.SERVICE_SUBJECT_PREFIX + service;
        this.lifetime = properties.tokens().serviceTokenTtl();
        Duration half = lifetime.dividedBy(2);
        this.refreshBefore = serviceTokens.refreshBefore().compareTo(half) < 0 ? serviceTokens.refreshBefore() : half;
    }

    @Override
    public String token() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.token();
        }
        synchronized (this) {
            current = cached;
            if (current != null && clock.instant().isBefore(current.refreshAt())) {
                return current.token();
            }
            try {
                AccessTokens.Issued issued = accessTokens.issue(subject, TokenService.SERVICE_ROLE, lifetime);
                cached = new Cached(issued.token(), issued.expiresAt().minus(refreshBefore));
                return issued.token();
            } catch (RuntimeException e) {
                throw new ServiceTokenUnavailableException("Cannot sign a service token for " + subject, e);
            }
        }
    }

    @Override
    public void invalidate() {
        cached = null;
    }
}
