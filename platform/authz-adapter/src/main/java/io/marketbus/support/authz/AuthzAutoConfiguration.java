package io.marketbus.support.authz;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.authz.metrics.PolicyCacheMetrics;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.security.ServiceTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.RestClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The authz library in a service ({@code marketbus.authz.owned-types=orders}): a cache of the
 * callers' policies for the owned types, loaded from authzsvc, kept current by event-policy-updated
 * on every instance and warmed by event-account-authenticated; {@link RequiresPermission} on
 * endpoints; {@link Permissions} for list filtering; metrics. {@code marketbus.authz.mode} swaps the
 * cache for no check at all ({@code off}) or a call to authzsvc per check ({@code remote}), to
 * measure what the cache saves.
 */
@AutoConfiguration(after = io.marketbus.support.bus.EventBusAutoConfiguration.class)
@ConditionalOnProperty("marketbus.authz.owned-types")
@EnableConfigurationProperties(AuthzProperties.class)
public class AuthzAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuthzAutoConfiguration.class);

    /**
     * The cache and what keeps it current, in the default {@code local} mode only: in {@code off} and
     * {@code remote} mode nothing is cached, warmed or updated.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "marketbus.authz.mode", havingValue = "local", matchIfMissing = true)
    static class LocalCache {

        @Bean(destroyMethod = "")
        CachingAuthorizer cachingAuthorizer(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens) {
            return CachingAuthorizer.builder(new HttpPolicySource(authzClient(properties, serviceTokens)),
                            new LinkedHashSet<>(properties.ownedTypes()))
                    .maximumSubjects(properties.maximumSubjects())
                    .expireAfterAccess(properties.expireAfterAccess())
                    .refreshAfter(properties.refreshAfter())
                    .stalenessBound(properties.stalenessBound())
                    .build();
        }

        @Bean
        PolicyCacheMetrics policyCacheMetrics(CachingAuthorizer cache) {
            return new PolicyCacheMetrics(cache);
        }
    }

    /**
     * Every instance applies every policy change and warms up on login (per-instance delivery). Without
     * a cache ({@code off}, {@code remote}) the events are still received, as the contract says the
     * service does, and ignored.
     */
    @Bean
    EventSubscriptions authzCacheSubscriptions(ObjectProvider<CachingAuthorizer> cache) {
        CachingAuthorizer local = cache.getIfAvailable();
        if (local != null) {
            return new PolicyCacheUpdates(local);
        }
        return bus -> bus.onEveryInstance(PolicyUpdated.class, (event, sequence) -> {})
                .onEveryInstance(AccountAuthenticated.class, (event, sequence) -> {});
    }

    /** authzsvc's API with this service's identity (a service token, when the service has one). */
    static RestClient authzClient(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens) {
        return authzClient(properties, serviceTokens, HttpClient.newBuilder());
    }

    static RestClient authzClient(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens,
                                  HttpClient.Builder http) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                http.connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(3));
        RestClient.Builder client = RestClient.builder().baseUrl(properties.url()).requestFactory(requests);
        serviceTokens.ifAvailable(tokens -> client.requestInterceptor(tokens.bearer()));
        return client.build();
    }

    /** The decisions, metered: from the cache ({@code local}), from authzsvc per call ({@code remote}), or none ({@code off}). */
    @Bean
    Authorizer authorizer(AuthzProperties properties, ObjectProvider<CachingAuthorizer> cache,
                          ObjectProvider<ServiceTokens> serviceTokens, MeterRegistry meters) {
        Authorizer decisions = switch (properties.mode()) {
            case LOCAL -> cache.getObject();
            case REMOTE -> {
                log.warn("marketbus.authz.mode=remote: every permission check is an HTTP call to authzsvc at {} "
                        + "(no cache); for comparisons only", properties.url());
                // Plain HTTP/1.1 with kept-alive connections: the cheapest a call per check gets.
                yield new RemoteAuthorizer(authzClient(properties, serviceTokens,
                        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)));
            }
            case OFF -> {
                log.warn("""

                        ***********************************************************************
                        *  AUTHORIZATION IS OFF (marketbus.authz.mode=off)                    *
                        *  Every authenticated caller may do everything and see everything.   *
                        *  This mode exists for benchmarks only. Never run it in production.  *
                        ***********************************************************************""");
                yield ALLOW_ALL;
            }
        };
        return new MeteredAuthorizer(decisions, meters);
    }

    /** What {@code off} answers if anything asks the authorizer directly (Permissions does not ask). */
    private static final Authorizer ALLOW_ALL = new Authorizer() {
        @Override
        public boolean check(String subject, String action, String resourceType, String resourceId) {
            return true;
        }

        @Override
        public VisibleIds visibleIds(String subject, String action, String resourceType) {
            return VisibleIds.all();
        }
    };

    @Bean
    DenialWatch denialWatch(AuthzProperties properties, Outbox outbox, PlatformTransactionManager transactions) {
        return new DenialWatch(properties.denials(), outbox, transactions);
    }

    @Bean
    Permissions permissions(Authorizer authorizer, DenialWatch denials, AuthzProperties properties) {
        return new Permissions(authorizer, denials, properties.adminAllowsAll(), properties.mode());
    }

    @Bean
    WebMvcConfigurer permissionChecks(Permissions permissions) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new PermissionInterceptor(permissions));
            }
        };
    }

    /** 403 for a missing permission, 503 when it cannot be decided: never a silent allow. */
    @RestControllerAdvice
    static class Problems {
        @ExceptionHandler(Permissions.PermissionDenied.class)
        ResponseEntity<ProblemDetail> denied(Permissions.PermissionDenied e) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "You may not do this");
            body.setTitle("Forbidden");
            return ResponseEntity.status(HttpStatus.FORBIDDEN).body(body);
        }

        @ExceptionHandler(AuthorizationUnavailableException.class)
        ResponseEntity<ProblemDetail> unavailable(AuthorizationUnavailableException e) {
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                    "Permissions cannot be checked right now; try again shortly");
            body.setTitle("Service unavailable");
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").body(body);
        }
    }

}
