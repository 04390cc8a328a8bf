package io.marketbus.benchmarks.load.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.authz.AuthzAutoConfiguration;
import io.marketbus.support.authz.AuthzProperties;
import io.marketbus.support.authz.DenialWatch;
import io.marketbus.support.authz.Permissions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.client.RestClient;

/**
 * The load benchmark's {@code marketbus.authz.mode} baselines: {@code off} allows everything without
 * asking, {@code remote} asks authzsvc over HTTP on every check; without them a service decides by
 * its cache ({@code CachedDecisionsUnitTests} in the adapter).
 */
class AuthzBaselinesUnitTests {

    final DenialWatch denials = new DenialWatch(new AuthzProperties.Denials(1000, Duration.ofMinutes(1)),
            mock(Outbox.class), mock(PlatformTransactionManager.class));

    /** Stands in for authzsvc's check and policies endpoints over real HTTP; records every request. */
    HttpServer authzsvc;
    final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startAuthzsvc() throws IOException {
        authzsvc = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authzsvc.createContext("/v1/authzsvc/check", exchange -> {
            String query = query(exchange);
            // 7 may get order o1 only.
            boolean allowed = query.contains("subject=7&") && query.contains("action=get&")
                    && query.contains("resource_type=orders&") && query.endsWith("resource_id=o1");
            reply(exchange, "{\"allowed\":" + allowed + ",\"matched_policy\":" + (allowed ? "\"7:get:orders:o1\"" : null)
                    + ",\"revision\":12}");
        });
        authzsvc.createContext("/v1/authzsvc/policies", exchange -> {
            query(exchange);
            reply(exchange, "{\"subject\":\"7\",\"revision\":12,\"policies\":[\"7:get:orders:o1\",\"7:cancel:orders:o2\","
                    + "\"7:*:orders:o3\"]}");
        });
        authzsvc.start();
    }

    @AfterEach
    void stopAuthzsvc() {
        authzsvc.stop(0);
        SecurityContextHolder.clearContext();
    }

    private String query(HttpExchange exchange) {
        String query = URLDecoder.decode(exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8);
        requests.add(exchange.getRequestURI().getPath() + "?" + query + " " + exchange.getRequestHeaders().getFirst("Authorization"));
        return query;
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private String authzUrl() {
        return "http://127.0.0.1:" + authzsvc.getAddress().getPort();
    }

    static void signedInAs(String subject, String role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                subject, "n/a", List.of(new SimpleGrantedAuthority(role))));
    }

    @Test
    void offAllowsEveryCheckAndEveryListingWithoutAskingTheAuthorizer() {
        Permissions off = new UncheckedPermissions(denials);
        signedInAs("7", "customer");

        assertThat(off.allows("cancel", "orders", "someone-elses")).isTrue();
        off.require("delete", "orders", "anything");
        assertThat(off.visibleIds("get", "orders").isAll()).isTrue();
    }

    @Test
    void remoteAsksAuthzsvcOnEveryCheckAndComputesListingsFromThePolicies() {
        RemoteAuthorizer remote = new RemoteAuthorizer(RestClient.builder().baseUrl(authzUrl())
                .defaultHeader("Authorization", "Bearer service-token").build());

        assertThat(remote.check("7", "get", "orders", "o1")).isTrue();
        assertThat(remote.check("7", "get", "orders", "o1")).isTrue();
        assertThat(remote.check("7", "get", "orders", "o2")).isFalse();
        assertThat(remote.check("8", "get", "orders", "o1")).isFalse();
        assertThat(remote.visibleIds("7", "get", "orders")).isEqualTo(VisibleIds.only(Set.of("o1", "o3")));
        assertThat(remote.visibleIds("7", "cancel", "orders")).isEqualTo(VisibleIds.only(Set.of("o2", "o3")));

        assertThat(requests).containsExactly(
                "/v1/authzsvc/check?subject=7&action=get&resource_type=orders&resource_id=o1 Bearer service-token",
                "/v1/authzsvc/check?subject=7&action=get&resource_type=orders&resource_id=o1 Bearer service-token",
                "/v1/authzsvc/check?subject=7&action=get&resource_type=orders&resource_id=o2 Bearer service-token",
                "/v1/authzsvc/check?subject=8&action=get&resource_type=orders&resource_id=o1 Bearer service-token",
                "/v1/authzsvc/policies?subject=7&resource_type=orders Bearer service-token",
                "/v1/authzsvc/policies?subject=7&resource_type=orders Bearer service-token");
    }

    @Test
    void remoteWithAuthzsvcDownIsUnavailableNeverAnAllow() {
        RemoteAuthorizer remote = new RemoteAuthorizer(RestClient.builder().baseUrl(authzUrl()).build());
        authzsvc.stop(0);

        assertThatThrownBy(() -> remote.check("7", "get", "orders", "o1"))
                .isInstanceOf(AuthorizationUnavailableException.class);
        assertThatThrownBy(() -> remote.visibleIds("7", "get", "orders"))
                .isInstanceOf(AuthorizationUnavailableException.class);
    }

    final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AuthzBaselines.class, AuthzAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Outbox.class, () -> mock(Outbox.class))
            .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class))
            .withPropertyValues("marketbus.authz.owned-types=orders");

    @Test
    void theModeIsChosenByProperty() {
        // No mode, or local: the adapter's cache.
        for (String[] local : List.of(new String[0], new String[] {"marketbus.authz.mode=local"})) {
            service.withPropertyValues(local).run(context -> {
                assertThat(context).hasSingleBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class);
                assertThat(context.getBean(Permissions.class)).isExactlyInstanceOf(Permissions.class);
                context.getBean(CachingAuthorizer.class).close();
            });
        }
        service.withPropertyValues("marketbus.authz.mode=off", "marketbus.authz.url=" + authzUrl()).run(context -> {
            assertThat(context).doesNotHaveBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class);
            signedInAs("7", "customer");
            Permissions permissions = context.getBean(Permissions.class);
            assertThat(permissions).isInstanceOf(UncheckedPermissions.class);
            assertThat(permissions.allows("cancel", "orders", "o9")).isTrue();
            assertThat(permissions.visibleIds("get", "orders").isAll()).isTrue();
        });
        service.withPropertyValues("marketbus.authz.mode=remote", "marketbus.authz.url=" + authzUrl()).run(context -> {
            assertThat(context).doesNotHaveBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class);
            assertThat(context.getBean(Authorizer.class)).isInstanceOf(MeteredAuthorizer.class);
            signedInAs("7", "customer");
            Permissions permissions = context.getBean(Permissions.class);
            assertThat(permissions.allows("get", "orders", "o1")).isTrue();
            assertThat(permissions.allows("get", "orders", "o2")).isFalse();
            assertThat(permissions.visibleIds("get", "orders")).isEqualTo(VisibleIds.only(Set.of("o1", "o3")));
        });
        assertThat(requests).hasSize(3).allMatch(r -> r.startsWith("/v1/authzsvc/"));
    }
}
