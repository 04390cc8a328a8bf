package io.marketbus.support.authz;

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
 * {@code marketbus.authz.mode}: {@code local} (the cache, default) is what it was, {@code off} allows
 * everything without asking, {@code remote} asks authzsvc over HTTP on every check.
 */
class AuthzModesUnitTests {

    /** An authorizer that must not be asked (mode off). */
    static final Authorizer MUST_NOT_BE_ASKED = new Authorizer() {
        @Override
        public boolean check(String subject, String action, String resourceType, String resourceId) {
            throw new AssertionError("asked to check " + subject + " " + action + " " + resourceType + " " + resourceId);
        }

        @Override
        public VisibleIds visibleIds(String subject, String action, String resourceType) {
            throw new AssertionError("asked for visible ids of " + subject);
        }
    };

    /** Denies everything. */
    static final Authorizer DENY_ALL = new Authorizer() {
        @Override
        public boolean check(String subject, String action, String resourceType, String resourceId) {
            return false;
        }

        @Override
        public VisibleIds visibleIds(String subject, String action, String resourceType) {
            return VisibleIds.none();
        }
    };

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
        Permissions off = new Permissions(MUST_NOT_BE_ASKED, denials, true, AuthzProperties.Mode.OFF);
        signedInAs("7", "customer");

        assertThat(off.allows("cancel", "orders", "someone-elses")).isTrue();
        off.require("delete", "orders", "anything");
        assertThat(off.visibleIds("get", "orders").isAll()).isTrue();
    }

    @Test
    void localStillDecidesThroughItsAuthorizer() {
        Permissions local = new Permissions(DENY_ALL, denials, true);
        signedInAs("7", "customer");

        assertThat(local.allows("get", "orders", "o1")).isFalse();
        assertThatThrownBy(() -> local.require("get", "orders", "o1")).isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(local.visibleIds("get", "orders").isAll()).isFalse();
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
            .withConfiguration(AutoConfigurations.of(AuthzAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Outbox.class, () -> mock(Outbox.class))
            .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class))
            .withPropertyValues("marketbus.authz.owned-types=orders");

    @Test
    void theModeIsChosenByProperty() {
        service.run(context -> {
            assertThat(context).hasSingleBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class);
            assertThat(context.getBean(AuthzProperties.class).mode()).isEqualTo(AuthzProperties.Mode.LOCAL);
            context.getBean(CachingAuthorizer.class).close();
        });
        service.withPropertyValues("marketbus.authz.mode=off", "marketbus.authz.url=" + authzUrl()).run(context -> {
            assertThat(context).doesNotHaveBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class);
            signedInAs("7", "customer");
            Permissions permissions = context.getBean(Permissions.class);
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
