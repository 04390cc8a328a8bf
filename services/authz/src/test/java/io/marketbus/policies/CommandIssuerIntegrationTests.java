package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.RemovePolicy;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AutoClose;
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
 * Who may command which policies, and in which order (issue 10, items 3 to 5), with real NATS
 * JetStream, PostgreSQL and HTTP: a command's issuer is the subject it arrived on and must own the
 * type; commands are ordered by receipt, not by the time the sender wrote into them; a service's
 * token reaches only its own types over HTTP.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class CommandIssuerIntegrationTests {

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

    RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(s -> true, (req, res) -> {})
                .build();
    }

    RestClient admin() {
        return client(tokens.token("1", "admin"));
    }

    void command(ServiceName issuer, EventPayload command, Instant time) throws Exception {
        CloudEvent<EventPayload> event = new CloudEvent<>(UUID.randomUUID(), CloudEvent.sourceOf(issuer), "x", time,
                null, null, command);
        nats.connection().jetStream().publish(
                nats.namespace().subject("authzsvc." + command.eventName() + "." + issuer.busName()), codec.encode(event));
    }

    List<String> policiesOf(String subject) {
        Map<?, ?> body = admin().get().uri("/policies?subject=" + subject).retrieve().body(Map.class);
        return (List<String>) body.get("policies");
    }

    long revision() {
        return jdbc.sql("select revision from policy_revision").query(Long.class).single();
    }

    List<String> deadLetterReasons() {
        return deadLetters.stream().map(m -> m.getHeaders().getFirst("Marketbus-Dead-Reason")).toList();
    }

    @Test
    void ordersvcGrantingOnAccountsOrTransactions_isDeadLetteredWithTheReason_andChangesNothing() throws Exception {
        long before = revision();
        command(ServiceName.ORDER, new UpsertPolicy("500", "accounts", "*", "*"), Instant.now());
        command(ServiceName.ORDER, new UpsertPolicy("500", "transactions", "*", "get"), Instant.now());
        command(ServiceName.ORDER, new RemovePolicy("500", "accounts", "500", "*"), Instant.now());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(deadLetterReasons())
                .anyMatch(r -> r.contains("ordersvc may not command policies on resource type 'accounts'")
                        && r.contains("accounts belong to authnsvc"))
                .anyMatch(r -> r.contains("ordersvc may not command policies on resource type 'transactions'")));
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
                .filter(m -> m.getSubject().endsWith("event-remove-policy")).count() == 1);
        assertThat(deadLetters).allSatisfy(m ->
                assertThat(m.getHeaders().getFirst("Marketbus-Dead-Kind")).isEqualTo("REJECTED"));

        // The owner's command on its own type still applies, after the refused ones.
        command(ServiceName.ORDER, new UpsertPolicy("500", "orders", "7", "get"), Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("500").equals(List.of("500:get:orders:7")));
        assertThat(revision()).as("only the owner's command took a revision").isEqualTo(before + 1);
    }

    @Test
    void aCommandDatedInTheFarFutureGainsNothing_theAdministratorsLaterRevocationHolds() throws Exception {
        command(ServiceName.ORDER, new UpsertPolicy("501", "orders", "*", "*"), Instant.parse("9999-12-31T23:59:59Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("501").equals(List.of("501:*:orders:*")));

        ResponseEntity<Map> revoked = admin().delete()
                .uri("/policies?subject=501&action=*&resource_type=orders&resource_id=*").retrieve().toEntity(Map.class);
        assertThat(revoked.getBody()).containsEntry("changed", true);
        assertThat(policiesOf("501")).isEmpty();

        // A command dated far in the past is not stale either: it is received after the revocation.
        command(ServiceName.ORDER, new UpsertPolicy("501", "orders", "3", "get"), Instant.parse("1970-01-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("501").equals(List.of("501:get:orders:3")));
        command(ServiceName.ORDER, new RemovePolicy("501", "orders", "3", "get"), Instant.parse("1970-01-01T00:00:00Z"));
        await().atMost(Duration.ofSeconds(10)).until(() -> policiesOf("501").isEmpty());
        assertThat(policiesOf("501")).as("the far-future grant did not come back").isEmpty();
    }

    @Test
    void aServiceTokenReachesOnlyItsOwnTypes_anAttackersTokenGets403AndChangesNothing() {
        RestClient inventory = client(tokens.token("svc:inventorysvc", "service"));
        RestClient orders = client(tokens.token("svc:ordersvc", "service"));
        long before = revision();

        ResponseEntity<String> forged = inventory.put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "502", "action", "*", "resource_type", "orders", "resource_id", "*"))
                .retrieve().toEntity(String.class);
        assertThat(forged.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(forged.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(forged.getBody()).contains("orders");
        assertThat(inventory.delete().uri("/policies?subject=502&action=get&resource_type=orders&resource_id=1")
                .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(inventory.delete().uri("/policies/502").retrieve().toBodilessEntity().getStatusCode())
                .as("removing every type of a subject is for administrators").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(inventory.get().uri("/policies?subject=502&resource_type=orders").retrieve().toBodilessEntity()
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(inventory.get().uri("/check?subject=502&action=get&resource_type=orders&resource_id=1").retrieve()
                .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client(tokens.token("svc:nosuchsvc", "service")).get().uri("/policies?subject=502").retrieve()
                .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(revision()).isEqualTo(before);
        assertThat(policiesOf("502")).isEmpty();

        // The owner may, and reads only its own types even when it names none.
        assertThat(orders.put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "502", "action", "get", "resource_type", "orders", "resource_id", "1"))
                .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(admin().put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "502", "action", "get", "resource_type", "products", "resource_id", "*"))
                .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<?, ?> seenByOrders = orders.get().uri("/policies?subject=502").retrieve().body(Map.class);
        assertThat((List<String>) seenByOrders.get("policies")).containsExactly("502:get:orders:1");
        assertThat(policiesOf("502")).containsExactlyInAnyOrder("502:get:orders:1", "502:get:products:*");
    }
}
