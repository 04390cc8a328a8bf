package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.AccountRevoked;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * issue 11 item 6, the attack: after an account's deletion, a grant for it arrives (a command the
 * issuer sends with its own credentials, an HTTP PUT, a grant event on the bus). It is refused by
 * authzsvc (dead letter REJECTED "Subject deleted", 409 problem+json), the policies stay gone, and
 * every check denies, at authzsvc and in both instances' caches. Item 1 too: a quiet subject's
 * answer carries the store's current revision. Real NATS JetStream, PostgreSQL and HTTP.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class DeletionIsFinalIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
    static final TestNats nats = env.nats();
    static final TestTokens tokens = env.tokens();
    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    static final List<Message> deadLetters = new CopyOnWriteArrayList<>();

    static {
        Dispatcher d = nats.connection().createDispatcher(deadLetters::add);
        d.subscribe(nats.namespace().subject("deadletter.authzsvc.>"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    OrdersInstance first;
    OrdersInstance second;

    @BeforeEach
    void instances() throws Exception {
        first = OrdersInstance.start("ordersvc-1", port, nats, tokens, nats.url(), UnaryOperator.identity());
        second = OrdersInstance.start("ordersvc-2", port, nats, tokens, nats.url(), UnaryOperator.identity());
    }

    @AfterEach
    void close() throws Exception {
        first.close();
        second.close();
    }

    RestClient admin() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + tokens.token("1", "admin"))
                .defaultStatusHandler(s -> true, (req, res) -> {})
                .build();
    }

    /** Published as {@code sender} itself, with its own credentials: what the bus lets that service do. */
    void publish(ServiceName sender, String subject, EventPayload payload) throws Exception {
        try (Connection own = nats.connectAs(sender, sender.busName() + "-test")) {
            own.jetStream().publish(nats.namespace().subject(subject),
                    codec.encode(CloudEvent.of(sender, null, null, null, payload)));
        }
    }

    void grantByCommand(String subject, String id) throws Exception {
        publish(ServiceName.ORDER, "authzsvc.event-upsert-policy.ordersvc", new UpsertPolicy(subject, "orders", id, "get"));
    }

    /** What authnsvc sends when it deletes an account. */
    void deleteAccount(long account) throws Exception {
        publish(ServiceName.AUTHN, "authnsvc.event-account-deleted", new AccountDeleted(account));
        publish(ServiceName.AUTHN, "authnsvc.event-account-revoked", new AccountRevoked(account, Instant.now()));
    }

    List<String> policiesOf(String subject) {
        return (List<String>) admin().get().uri("/policies?subject=" + subject).retrieve().body(Map.class).get("policies");
    }

    boolean checkedAtAuthzsvc(String subject, String id) {
        return (Boolean) admin().get().uri("/check?subject=" + subject + "&action=get&resource_type=orders&resource_id=" + id)
                .retrieve().body(Map.class).get("allowed");
    }

    long revision() {
        return jdbc.sql("select revision from policy_revision").query(Long.class).single();
    }

    @Test
    void aGrantArrivingAfterTheDeletionIsRefusedEverywhere() throws Exception {
        grantByCommand("40", "1");
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("40").equals(List.of("40:get:orders:1")));
        for (OrdersInstance i : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> i.cache().check("40", "get", "orders", "1"));
        }

        deleteAccount(40);
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("40").isEmpty());
        long afterDeletion = revision();

        // The attack: ordersvc, with its own credentials, grants the deleted account again (a late
        // reaction to an old event, or a compromised service).
        grantByCommand("40", "2");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetters)
                .anySatisfy(m -> {
                    assertThat(m.getHeaders().getFirst("Marketbus-Dead-Kind")).isEqualTo("REJECTED");
                    assertThat(m.getHeaders().getFirst("Marketbus-Dead-Reason")).contains("Subject deleted");
                }));
        // A grant event for it on the bus (sent as authzsvc: what a lost or reordered one would look like).
        publish(ServiceName.AUTHZ, "authzsvc.event-policy-updated",
                new PolicyUpdated(PolicyUpdated.Method.PUT, "40", "orders", "3", "get", afterDeletion + 1));

        assertThat(policiesOf("40")).isEmpty();
        assertThat(revision()).as("the refused grant took no revision").isEqualTo(afterDeletion);
        assertThat(checkedAtAuthzsvc("40", "1")).isFalse();
        assertThat(checkedAtAuthzsvc("40", "2")).isFalse();
        // Both instances have seen the forged event by the time a later real change reaches them.
        grantByCommand("41", "1");
        for (OrdersInstance i : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> i.cache().receivedRevision() >= afterDeletion + 1);
            for (String id : List.of("1", "2", "3")) {
                assertThat(i.cache().check("40", "get", "orders", id)).as("instance check of order " + id).isFalse();
            }
        }
    }

    @Test
    void anHttpGrantForADeletedSubjectGets409AndChangesNothing() throws Exception {
        deleteAccount(42);
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "select count(*) from policy_subjects where subject = '42' and deleted_at is not null")
                .query(Long.class).single() == 1);
        long before = revision();

        ResponseEntity<String> granted = admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "42", "action", "*", "resource_type", "orders", "resource_id", "*"))
                .retrieve().toEntity(String.class);

        assertThat(granted.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(granted.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(granted.getBody()).contains("subject-deleted").contains("42");
        assertThat(policiesOf("42")).isEmpty();
        assertThat(revision()).isEqualTo(before);
        // Removing is still fine (and changes nothing).
        assertThat(admin().delete().uri("/policies?subject=42&action=*&resource_type=orders&resource_id=*")
                .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /**
     * Item 1: authzsvc answers an unchanged subject from its own cache; the answer must carry the
     * store's current revision, not the one it was cached at, or a cache that has seen later
     * changes of others refuses the refresh.
     */
    @Test
    void aQuietSubjectsAnswerCarriesTheCurrentRevision() throws Exception {
        admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "43", "action", "get", "resource_type", "orders", "resource_id", "1"))
                .retrieve().toBodilessEntity();
        Map<?, ?> cached = admin().get().uri("/policies?subject=43").retrieve().body(Map.class);
        for (int i = 0; i < 3; i++) {
            admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("subject", "44", "action", "get", "resource_type", "orders", "resource_id", "" + i))
                    .retrieve().toBodilessEntity();
        }

        Map<?, ?> later = admin().get().uri("/policies?subject=43").retrieve().body(Map.class);

        assertThat(later.get("policies")).isEqualTo(List.of("43:get:orders:1"));
        assertThat(((Number) later.get("revision")).longValue())
                .isEqualTo(revision())
                .isEqualTo(((Number) cached.get("revision")).longValue() + 3);
    }
}
