package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.testkit.TestNats;
import io.marketbus.support.authz.HttpPolicySource;
import io.marketbus.support.authz.PolicyCacheUpdates;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Two instances of a service (ordersvc, owning "orders"), each with its own policy cache loading from
 * the real authzsvc over HTTP and following event-policy-updated on its own per-instance consumer:
 * a revocation or an account deletion reaches both caches.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class CacheCoherenceIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
    static final TestNats nats = env.nats();
    static final TestTokens tokens = env.tokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    Instance first;
    Instance second;

    /** One service instance: its cache and its bus subscription. */
    record Instance(CachingAuthorizer cache, EventBus bus) implements AutoCloseable {
        @Override
        public void close() {
            bus.close();
        }
    }

    Instance instance(String name) throws Exception {
        RestClient authz = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + tokens.token("svc:ordersvc", "service")).build();
        CachingAuthorizer cache = CachingAuthorizer.builder(new HttpPolicySource(authz), Set.of("orders")).build();
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        EventBus bus = EventBus.builder(BusSettings.defaults(ServiceName.ORDER, nats.namespace()), nats.connectAs(ServiceName.ORDER, name), db)
                .provisioning(nats.connection()).wholeContract(false).build();
        new PolicyCacheUpdates(cache).subscribe(bus);
        bus.start();
        return new Instance(cache, bus);
    }

    @BeforeEach
    void instances() throws Exception {
        first = instance("ordersvc-1");
        second = instance("ordersvc-2");
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    RestClient admin() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + tokens.token("1", "admin")).build();
    }

    void grant(String subject, String action, String id) {
        admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", subject, "action", action, "resource_type", "orders", "resource_id", id))
                .retrieve().toBodilessEntity();
    }

    @Test
    void aRevocationThroughTheApiReachesBothInstances() {
        grant("10", "get", "1");
        grant("10", "cancel", "*");
        for (Instance i : List.of(first, second)) {
            assertThat(i.cache().check("10", "get", "orders", "1")).isTrue();
            assertThat(i.cache().check("10", "cancel", "orders", "77")).isTrue();
            assertThat(i.cache().check("10", "get", "orders", "2")).isFalse();
        }

        admin().delete().uri("/policies?subject=10&action=get&resource_type=orders&resource_id=1").retrieve().toBodilessEntity();
        grant("10", "get", "2");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (Instance i : List.of(first, second)) {
                assertThat(i.cache().check("10", "get", "orders", "1")).isFalse();
                assertThat(i.cache().check("10", "get", "orders", "2")).isTrue();
            }
        });
    }

    @Test
    void accountDeletionRemovesThePoliciesAndEveryInstancesCachedEntry() throws Exception {
        grant("20", "*", "5");
        grant("20", "get", "*");
        for (Instance i : List.of(first, second)) {
            assertThat(i.cache().check("20", "cancel", "orders", "5")).isTrue();
            assertThat(i.cache().visibleIds("20", "get", "orders").isAll()).isTrue();
        }
        EventCodec codec = new EventCodec(EventCatalogue.load());
        nats.connection().jetStream().publish(nats.namespace().subject("authnsvc.event-account-deleted"),
                codec.encode(CloudEvent.of(ServiceName.AUTHN, "20", null, null, new AccountDeleted(20))));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (Instance i : List.of(first, second)) {
                assertThat(i.cache().check("20", "cancel", "orders", "5")).isFalse();
                assertThat(i.cache().visibleIds("20", "get", "orders").isAll()).isFalse();
            }
        });
    }

    @Test
    void anUncachedSubjectIsDeniedWithUnavailableWhenAuthzCannotBeReached() {
        RestClient nowhere = RestClient.builder().baseUrl("http://127.0.0.1:1").build();
        CachingAuthorizer cut = CachingAuthorizer.builder(new HttpPolicySource(nowhere), Set.of("orders")).build();
        assertThatThrownBy(() -> cut.check("30", "get", "orders", "1"))
                .isInstanceOf(AuthorizationUnavailableException.class);
    }
}
