package io.marketbus.support.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * This service's identity towards the others: an access token ({@code sub} = {@code svc:<name>},
 * {@code role} = service) obtained from the authentication service with client credentials, cached
 * and replaced shortly before it expires. Thread-safe; fetching never runs twice at once.
 *
 * <pre>{@code
 * RestClient authz = RestClient.builder().baseUrl(url).requestInterceptor(serviceTokens.bearer()).build();
 * }</pre>
 */
public class ServiceTokens {

    private static final Logger log = LoggerFactory.getLogger(ServiceTokens.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private record Cached(String token, Instant refreshAt, Instant expiresAt) {}

    private final RestClient client;
    private final URI tokenUri;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final Duration refreshBefore;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Cached cached;

    public ServiceTokens(RestClient client, URI tokenUri, String clientId, String clientSecret, Clock clock,
                         Duration refreshBefore) {
        this.client = Objects.requireNonNull(client);
        this.tokenUri = Objects.requireNonNull(tokenUri);
        this.clientId = Objects.requireNonNull(clientId);
        this.clientSecret = Objects.requireNonNull(clientSecret);
        this.clock = Objects.requireNonNull(clock);
        this.refreshBefore = Objects.requireNonNull(refreshBefore);
    }

    /** A RestClient with short timeouts, for the token endpoint. */
    public static RestClient defaultRestClient() {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
        factory.setReadTimeout(TIMEOUT);
        return RestClient.builder().requestFactory(factory).build();
    }

    /**
     * A valid access token, fetched when none is cached or the cached one is about to expire.
     *
     * @throws ServiceTokenUnavailableException when none can be had
     */
    public String token() {
        Cached current = cached;
        if (current != null && clock.instant().isBefore(current.refreshAt())) {
            return current.token();
        }
        lock.lock();
        try {
            current = cached;
            Instant now = clock.instant();
            if (current != null && now.isBefore(current.refreshAt())) {
                return current.token();
            }
            try {
                cached = fetch(now);
                return cached.token();
            } catch (RuntimeException e) {
                if (current != null && now.isBefore(current.expiresAt())) {
                    log.warn("Could not renew the service token of {} ({}); using the current one until it expires",
                            clientId, e.toString());
                    return current.token();
                }
                throw new ServiceTokenUnavailableException("No service token for " + clientId + " from " + tokenUri, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the cached token (e.g. after a 401 from the service called). */
    public void invalidate() {
        cached = null;
    }

    /** Adds {@code Authorization: Bearer <token>} to every request of a RestClient. */
    public ClientHttpRequestInterceptor bearer() {
        return (request, body, execution) -> {
            request.getHeaders().setBearerAuth(token());
            return execution.execute(request, body);
        };
    }

    private Cached fetch(Instant now) {
        Map<?, ?> response = client.post()
                .uri(tokenUri)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .body(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret))
                .retrieve()
                .body(Map.class);
        if (response == null || !(response.get("access_token") instanceof String token)
                || !(response.get("expires_in") instanceof Number expiresIn)) {
            throw new RestClientException("The token endpoint answered without access_token and expires_in");
        }
        Duration lifetime = Duration.ofSeconds(expiresIn.longValue());
        Duration margin = refreshBefore.compareTo(lifetime.dividedBy(2)) < 0 ? refreshBefore : lifetime.dividedBy(2);
        return new Cached(token, now.plus(lifetime).minus(margin), now.plus(lifetime));
    }

    /** No service token could be obtained. */
    public static class ServiceTokenUnavailableException extends RuntimeException {
        public ServiceTokenUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
