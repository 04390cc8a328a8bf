package io.marketbus.benchmarks.load.baselines;

import io.marketbus.authz.Authorizer;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.support.authz.AuthzAutoConfiguration;
import io.marketbus.support.authz.AuthzProperties;
import io.marketbus.support.authz.DenialWatch;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.security.ServiceTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The load benchmark's authorization baselines, in a service started with the benchmarks on its
 * class path ({@link BaselineLauncher}): {@code marketbus.authz.mode=off} (no check at all) and
 * {@code marketbus.authz.mode=remote} (every check a call to authzsvc). Each brings its own {@link
 * Permissions}, so the adapter builds no cache; the policy events are still received, as the
 * contract says the service does, and ignored. Without the property (or with {@code local}) this
 * does nothing. Production jars never contain it.
 */
@AutoConfiguration(before = AuthzAutoConfiguration.class)
@ConditionalOnProperty("marketbus.authz.owned-types")
public class AuthzBaselines {

    private static final Logger log = LoggerFactory.getLogger(AuthzBaselines.class);

    /** The events a cache would have used, received and ignored. */
    static EventSubscriptions ignoredPolicyEvents() {
        return bus -> bus.onEveryInstance(PolicyUpdated.class, (event, sequence) -> {})
                .onEveryInstance(AccountAuthenticated.class, (event, sequence) -> {});
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "marketbus.authz.mode", havingValue = "off")
    static class Off {

        @Bean
        Permissions permissions(DenialWatch denials) {
            log.warn("""

                    ***********************************************************************
                    *  AUTHORIZATION IS OFF (marketbus.authz.mode=off)                    *
                    *  Every authenticated caller may do everything and see everything.   *
                    *  This mode exists for benchmarks only. Never run it in production.  *
                    ***********************************************************************""");
            return new UncheckedPermissions(denials);
        }

        @Bean
        EventSubscriptions authzCacheSubscriptions() {
            return ignoredPolicyEvents();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "marketbus.authz.mode", havingValue = "remote")
    static class Remote {

        @Bean
        Authorizer authorizer(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens,
                              MeterRegistry meters) {
            log.warn("marketbus.authz.mode=remote: every permission check is an HTTP call to authzsvc at {} "
                    + "(no cache); for comparisons only", properties.url());
            return new MeteredAuthorizer(new RemoteAuthorizer(authzClient(properties, serviceTokens)), meters);
        }

        @Bean
        Permissions permissions(Authorizer authorizer, DenialWatch denials, AuthzProperties properties) {
            return new Permissions(authorizer, denials, properties.adminAllowsAll());
        }

        @Bean
        EventSubscriptions authzCacheSubscriptions() {
            return ignoredPolicyEvents();
        }

        /**
         * authzsvc's API with the service's identity, as the adapter's cache calls it but on plain
         * HTTP/1.1 with kept-alive connections: the cheapest a call per check gets.
         */
        static RestClient authzClient(AuthzProperties properties, ObjectProvider<ServiceTokens> serviceTokens) {
            JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build());
            requests.setReadTimeout(Duration.ofSeconds(3));
            RestClient.Builder client = RestClient.builder().baseUrl(properties.url()).requestFactory(requests);
            serviceTokens.ifAvailable(tokens -> client.requestInterceptor(tokens.bearer()));
            return client.build();
        }
    }
}
