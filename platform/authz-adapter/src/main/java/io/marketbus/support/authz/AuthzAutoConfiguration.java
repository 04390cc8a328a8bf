package io.marketbus.support.authz;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.authz.metrics.PolicyCacheMetrics;
import io.marketbus.authz.metrics.PolicyUpdateLag;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.security.ServiceTokens;
import io.marketbus.support.security.RevokedAccounts;
import io.micrometer.core.instrument.MeterRegistry;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.NatsConnections;
import io.nats.client.Connection;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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
 * endpoints; {@link Permissions} for list filtering; metrics.
 */
@AutoConfiguration(after = io.marketbus.support.bus.EventBusAutoConfiguration.class)
@ConditionalOnProperty("marketbus.authz.owned-types")
@EnableConfigurationProperties(AuthzProperties.class)
public class AuthzAutoConfiguration {

    /**
     * The decisions: the cache, what keeps it current, and the {@link Permissions} over it. A context
     * that brings its own {@code Permissions} decides by it instead and gets none of this (the load
     * benchmark's baselines do, in verification/benchmarks; no service does).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(Permissions.class)
    static class CachedDecisions {

        @Bean(destroyMethod = "")
        CachingAuthorizer cachingAuthorizer(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens,
                ObjectProvider<IssuedChangeStore> issued, ObjectProvider<Connection> nats,
                ObjectProvider<NatsConnections.Reconnects> reconnects, ObjectProvider<EventBus> bus,
                ObjectProvider<RevokedAccounts> revoked) {
            CachingAuthorizer.Builder cache = CachingAuthorizer.builder(
                            new HttpPolicySource(authzClient(properties, serviceTokens)),
                            new LinkedHashSet<>(properties.ownedTypes()))
                    .maximumSubjects(properties.maximumSubjects())
                    .expireAfterAccess(properties.expireAfterAccess())
                    .refreshAfter(properties.refreshAfter())
                    .stalenessBound(properties.stalenessBound())
                    .partitionBound(properties.partitionBound());
            issued.ifAvailable(store -> cache.issuedChanges(store, store.kept(), Set.copyOf(properties.revokedTypes())));
            // The changes come over this connection: cut off longer than the bound, the cache checks remotely.
            nats.ifAvailable(connection -> {
                BusLink link = new BusLink(connection);
                // After the bus's own listener, which subscribes again: the bus is made (and registers it) first.
                bus.ifAvailable(started -> reconnects.ifAvailable(listeners -> listeners.add(link::resubscribed)));
                cache.updatesConnected(link);
            });
            CachingAuthorizer built = cache.build();
            // Every revocation is a deletion today (event-account-revoked, per instance): deletion is final.
            revoked.ifAvailable(accounts -> accounts.onRevoked(built::subjectDeleted));
            return built;
        }

        @Bean
        PolicyCacheMetrics policyCacheMetrics(CachingAuthorizer cache) {
            return new PolicyCacheMetrics(cache);
        }

        /** Every instance applies every policy change and warms up on login (per-instance delivery). */
        @Bean
        EventSubscriptions authzCacheSubscriptions(CachingAuthorizer cache, MeterRegistry meters) {
            return new PolicyCacheUpdates(cache, new PolicyUpdateLag(meters, Clock.systemUTC()));
        }

        /** Read-only: what the cache holds for a subject, for the operations console. */
        @Bean
        AuthzCacheState authzCacheState(CachingAuthorizer cache) {
            return new AuthzCacheState(cache);
        }

        /** The cache's decisions, metered. */
        @Bean
        Authorizer authorizer(CachingAuthorizer cache, MeterRegistry meters) {
            return new MeteredAuthorizer(cache, meters);
        }

        @Bean
        Permissions permissions(Authorizer authorizer, DenialWatch denials, AuthzProperties properties) {
            return new Permissions(authorizer, denials, properties.adminAllowsAll());
        }
    }

    /** authzsvc's API with this service's identity (a service token, when the service has one). */
    static RestClient authzClient(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(3));
        RestClient.Builder client = RestClient.builder().baseUrl(properties.url()).requestFactory(requests);
        serviceTokens.ifAvailable(tokens -> client.requestInterceptor(tokens.bearer()));
        return client.build();
    }

    /** The grants and removals this service issued, in its database (a service without one issues none). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(DataSource.class)
    static class IssuedChangesInDatabase {

        @Bean(destroyMethod = "")
        IssuedChangeStore issuedChangeStore(DataSource dataSource, AuthzProperties properties,
                ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
            // The service's own migrations first: its Flyway expects to find an empty schema the first time.
            serviceMigrations.ifAvailable(initializer -> {});
            return new IssuedChangeStore(dataSource, properties.issuedChangesKept(), Clock.systemUTC());
        }

        @Bean(destroyMethod = "close")
        IssuedChangeCleanup issuedChangeCleanup(IssuedChangeStore store) {
            return new IssuedChangeCleanup(store);
        }

        @Bean
        IssuedPolicies issuedPolicies(Outbox outbox, IssuedChangeStore store, ObjectProvider<CachingAuthorizer> cache,
                AuthzProperties properties) {
            return IssuedPolicies.of(outbox, store, cache.getIfAvailable(), Set.copyOf(properties.revokedTypes()));
        }
    }

    @Bean
    DenialWatch denialWatch(AuthzProperties properties, Outbox outbox, PlatformTransactionManager transactions) {
        return new DenialWatch(properties.denials(), outbox, transactions);
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
