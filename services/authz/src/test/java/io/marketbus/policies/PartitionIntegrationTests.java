package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.contract.ServiceName;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TcpProxy;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Connection;
import io.nats.client.impl.Headers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * issue 11 item 9, with real NATS JetStream (behind a {@link TcpProxy} the test cuts), PostgreSQL
 * and HTTP: an instance cut off from the bus longer than the partition bound no longer allows what
 * was revoked meanwhile, and serves from its cache again once the connection is back; an
 * event-policy-updated that cannot be decoded drops the subject it names.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class PartitionIntegrationTests {

    static final Duration BOUND = Duration.ofSeconds(10);

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

    RestClient admin() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + tokens.token("1", "admin")).build();
    }

    void grant(String subject, String id) {
        admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", subject, "action", "get", "resource_type", "orders", "resource_id", id))
                .retrieve().toBodilessEntity();
    }

    void revoke(String subject, String id) {
        admin().delete().uri("/policies?subject=" + subject + "&action=get&resource_type=orders&resource_id=" + id)
                .retrieve().toBodilessEntity();
    }

    @Test
    void cutOffLongerThanTheBound_aRevocationMeanwhileIsRefused_andTheCacheServesAgainWhenTheBusIsBack() throws Exception {
        URI server = URI.create(nats.url());
        try (TcpProxy proxy = TcpProxy.to(server.getHost(), server.getPort());
             OrdersInstance cut = OrdersInstance.start("ordersvc-cut", port, nats, tokens,
                     "nats://127.0.0.1:" + proxy.port(), cache -> cache.partitionBound(BOUND));
             OrdersInstance connected = OrdersInstance.start("ordersvc-connected", port, nats, tokens, nats.url(),
                     cache -> cache.partitionBound(BOUND))) {
            grant("70", "1");
            grant("70", "2");
            for (OrdersInstance i : java.util.List.of(cut, connected)) {
                assertThat(i.cache().check("70", "get", "orders", "1")).isTrue();
            }

            proxy.cut();
            long cutAt = System.nanoTime();
            revoke("70", "1");
            await().atMost(Duration.ofSeconds(5)).until(() -> !connected.cache().check("70", "get", "orders", "1"));
            assertThat(cut.cache().check("70", "get", "orders", "1"))
                    .as("cut off, the instance has not heard of the revocation").isTrue();

            await().atMost(BOUND.plusSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !cut.cache().check("70", "get", "orders", "1"));
            Duration refusedAfter = Duration.ofNanos(System.nanoTime() - cutAt);
            System.out.printf("partition: the revocation was refused on the cut-off instance %d ms after the cut (bound %d ms)%n",
                    refusedAfter.toMillis(), BOUND.toMillis());
            assertThat(refusedAfter).as("by the partition bound, not by an event").isGreaterThanOrEqualTo(BOUND);
            assertThat(cut.cache().partitioned()).isTrue();
            assertThat(cut.cache().check("70", "get", "orders", "2")).as("what still stands is allowed").isTrue();
            long loads = cut.cache().stats().loadCount();
            cut.cache().check("70", "get", "orders", "2");
            assertThat(cut.cache().stats().loadCount()).as("partitioned: each check reads authzsvc").isEqualTo(loads + 1);
            assertThat(cut.connection().getStatus()).isNotEqualTo(Connection.Status.CONNECTED);

            proxy.restore();
            await().atMost(Duration.ofSeconds(15)).until(() -> !cut.cache().partitioned());
            assertThat(cut.cache().check("70", "get", "orders", "2")).isTrue();
            long afterHeal = cut.cache().stats().loadCount();
            for (int n = 0; n < 5; n++) {
                assertThat(cut.cache().check("70", "get", "orders", "2")).isTrue();
            }
            assertThat(cut.cache().stats().loadCount()).as("served from the cache again").isEqualTo(afterHeal);
            // And it hears of changes again.
            revoke("70", "2");
            await().atMost(Duration.ofSeconds(5)).until(() -> !cut.cache().check("70", "get", "orders", "2"));
        }
    }

    /** Fails without the reset: the dead-lettered event left the subject's entry serving for good. */
    @Test
    void anUndecodablePolicyUpdateDropsTheSubjectItNames() throws Exception {
        try (OrdersInstance instance = OrdersInstance.start("ordersvc-decode", port, nats, tokens, nats.url(),
                cache -> cache)) {
            CachingAuthorizer cache = instance.cache();
            grant("71", "1");
            grant("72", "1");
            assertThat(cache.check("71", "get", "orders", "1")).isTrue();
            assertThat(cache.check("72", "get", "orders", "1")).isTrue();
            long loads = cache.stats().loadCount();

            // The revision is not a number: the contract's schema rejects it, it is dead-lettered.
            String broken = """
                    {"specversion":"1.0","id":"%s","source":"/marketbus/authzsvc","type":"event-policy-updated",
                     "subject":"71","time":"%s","datacontenttype":"application/json",
                     "data":{"method":"delete","subject":"71","resource_type":"orders","resource_id":"1",
                     "action":"get","revision":"later"}}""".formatted(UUID.randomUUID(), Instant.now());
            try (Connection authzsvc = nats.connectAs(ServiceName.AUTHZ, "authzsvc-broken")) {
                authzsvc.jetStream().publish(nats.namespace().subject("authzsvc.event-policy-updated"),
                        new Headers().add("Nats-Msg-Id", UUID.randomUUID().toString()),
                        broken.getBytes(StandardCharsets.UTF_8));
            }

            // The next check of 71 reloads it: its entry was dropped. 72's was not.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                cache.check("71", "get", "orders", "1");
                return cache.stats().loadCount() > loads;
            });
            long reloaded = cache.stats().loadCount();
            cache.check("72", "get", "orders", "1");
            assertThat(cache.stats().loadCount()).isEqualTo(reloaded);
        }
    }
}
