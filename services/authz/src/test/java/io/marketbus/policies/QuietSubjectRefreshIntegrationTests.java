package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Connection;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * issue 11 item 1, the case per-subject floors leave open: after a gap in the revisions (lost or
 * reordered events) every load must reach the gap's revision. authzsvc answered a quiet subject
 * with the revision it had cached it at, so that subject's refreshes were refused until its entry
 * died at the staleness bound, and then only a reset of the whole cache got it loaded. With the
 * store's current revision in the answer, the refresh succeeds as soon as the store has passed the gap.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class QuietSubjectRefreshIntegrationTests {

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

    @Autowired
    JdbcClient jdbc;

    void grant(String subject, String id) {
        RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + tokens.token("1", "admin")).build()
                .put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", subject, "action", "get", "resource_type", "orders", "resource_id", id))
                .retrieve().toBodilessEntity();
    }

    @Test
    void afterAGapAQuietSubjectIsRefreshedWithoutResettingTheCache() throws Exception {
        try (OrdersInstance instance = OrdersInstance.start("ordersvc-quiet", port, nats, tokens, nats.url(),
                cache -> cache.refreshAfter(Duration.ofSeconds(2)).stalenessBound(Duration.ofSeconds(6)))) {
            grant("80", "1");
            await().atMost(Duration.ofSeconds(5)).until(() -> instance.cache().receivedRevision() >= revision());
            assertThat(instance.cache().check("80", "get", "orders", "1")).isTrue();

            // A change of another subject whose event is lost: the next one reveals the gap.
            long lost = revision() + 1;
            grantWithoutEvent("81", "1", lost);
            grant("82", "1");
            await().atMost(Duration.ofSeconds(5)).until(() -> instance.cache().receivedRevision() == lost + 1);

            // The gap drops 80's entry (it may have missed the lost change): one load, which must reach the gap.
            assertThat(instance.cache().check("80", "get", "orders", "1")).isTrue();
            // 80 stays quiet and in use for three times the staleness bound (refreshes need a refresh
            // interval above the sweeper's second, or the entry is never seen in use).
            long misses = instance.cache().stats().missCount();
            long loads = instance.cache().stats().loadSuccessCount();
            await().during(Duration.ofSeconds(18)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> instance.cache().check("80", "get", "orders", "1"));
            System.out.printf("quiet subject after a gap: %d refreshes, %d misses, %d resets%n",
                    instance.cache().stats().loadSuccessCount() - loads, instance.cache().stats().missCount() - misses,
                    instance.cache().unreachableRevisionResets());
            assertThat(instance.cache().unreachableRevisionResets()).as("cache resets").isZero();
            assertThat(instance.cache().stats().missCount()).as("the entry never died").isEqualTo(misses);
            assertThat(instance.cache().stats().loadSuccessCount() - loads).as("refreshes").isGreaterThanOrEqualTo(4);
        }
    }

    long revision() {
        return jdbc.sql("select revision from policy_revision").query(Long.class).single();
    }

    /** A change committed in the store whose event never reaches the instance (published elsewhere, lost). */
    void grantWithoutEvent(String subject, String id, long revision) {
        jdbc.sql("update policy_revision set revision = ? where id = 1").param(revision).update();
        jdbc.sql("insert into policies (subject, resource_type, action, resource_id, revision, changed_at) values (?, 'orders', 'get', ?, ?, now())")
                .params(subject, id, revision).update();
        jdbc.sql("insert into policy_subjects (subject, changed_revision) values (?, ?)").params(subject, revision).update();
    }
}
