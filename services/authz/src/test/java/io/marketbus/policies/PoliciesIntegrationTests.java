package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.contract.events.RemovePolicy;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Dispatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
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

/** authzsvc with real PostgreSQL, real NATS JetStream and real HTTP. */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class PoliciesIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
    static final TestNats nats = env.nats();
    static final TestTokens tokens = env.tokens();
    static final EventCodec codec = new EventCodec(EventCatalogue.load());
    static final List<PolicyUpdated> published = new CopyOnWriteArrayList<>();

    static {
        Dispatcher d = nats.connection().createDispatcher(m ->
                published.add((PolicyUpdated) codec.decode(m.getData()).data()));
        d.subscribe(nats.namespace().subject("authzsvc.event-policy-updated"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    RestClient admin;

    @BeforeEach
    void clients() {
        admin = client(tokens.token("1", "admin"));
    }

    RestClient client(String token) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port + "/v1/authzsvc")
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(s -> true, (req, res) -> {})
                .build();
    }

    ResponseEntity<Map> put(RestClient client, String subject, String action, String type, String id) {
        return client.put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", subject, "action", action, "resource_type", type, "resource_id", id))
                .retrieve().toEntity(Map.class);
    }

    List<PolicyUpdated> publishedFor(String subject) {
        return published.stream().filter(p -> p.subject().equals(subject)).toList();
    }

    @Test
    void upsertListDeleteOverHttp_eachChangeFiresOneEventWithTheNextRevision() {
        ResponseEntity<Map> first = put(admin, "100", "get", "orders", "15");
        assertThat(first.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(first.getBody()).containsEntry("changed", true).containsEntry("policy", "100:get:orders:15");
        long revision = ((Number) first.getBody().get("revision")).longValue();

        ResponseEntity<Map> again = put(admin, "100", "get", "orders", "15");
        assertThat(again.getBody()).containsEntry("changed", false);
        put(admin, "100", "*", "products", "*");

        Map list = admin.get().uri("/policies?subject=100").retrieve().body(Map.class);
        assertThat((List<String>) list.get("policies")).containsExactly("100:get:orders:15", "100:*:products:*");
        assertThat(((Number) list.get("revision")).longValue()).isEqualTo(revision + 1);
        Map onlyOrders = admin.get().uri("/policies?subject=100&resource_type=orders").retrieve().body(Map.class);
        assertThat((List<String>) onlyOrders.get("policies")).containsExactly("100:get:orders:15");

        Map check = admin.get().uri("/check?subject=100&action=cancel&resource_type=products&resource_id=7")
                .retrieve().body(Map.class);
        assertThat(check).containsEntry("allowed", true).containsEntry("matched_policy", "100:*:products:*");
        Map denied = admin.get().uri("/check?subject=100&action=cancel&resource_type=orders&resource_id=15")
                .retrieve().body(Map.class);
        assertThat(denied).containsEntry("allowed", false).containsEntry("matched_policy", null);

        Map removed = admin.delete().uri("/policies?subject=100&action=get&resource_type=orders&resource_id=15")
                .retrieve().body(Map.class);
        assertThat(removed).containsEntry("changed", true);
        Map missing = admin.delete().uri("/policies?subject=100&action=get&resource_type=orders&resource_id=15")
                .retrieve().body(Map.class);
        assertThat(missing).containsEntry("changed", false);

        await().atMost(Duration.ofSeconds(10)).until(() -> publishedFor("100").size() == 3);
        assertThat(publishedFor("100")).extracting(PolicyUpdated::method, PolicyUpdated::revision).containsExactly(
                org.assertj.core.groups.Tuple.tuple(PolicyUpdated.Method.PUT, revision),
                org.assertj.core.groups.Tuple.tuple(PolicyUpdated.Method.PUT, revision + 1),
                org.assertj.core.groups.Tuple.tuple(PolicyUpdated.Method.DELETE, revision + 2));
        assertThat((List<String>) admin.get().uri("/policies?subject=100").retrieve().body(Map.class).get("policies"))
                .containsExactly("100:*:products:*");
    }

    @Test
    void onlyAdministratorsAndServicesMayCall() {
        assertThat(client(tokens.token("7", "customer")).get().uri("/policies?subject=7").retrieve().toBodilessEntity()
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(client(tokens.token("svc:ordersvc", "service")).get().uri("/policies?subject=7").retrieve()
                .toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> anonymous = RestClient.create("http://127.0.0.1:" + port + "/v1/authzsvc").get()
                .uri("/policies?subject=7").retrieve().onStatus(s -> true, (req, res) -> {}).toEntity(String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        for (String bad : List.of(tokens.expired("1", "admin"), "not.a.token", unsigned())) {
            assertThat(client(bad).get().uri("/policies?subject=7").retrieve().toBodilessEntity().getStatusCode())
                    .as(bad).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }

    @Test
    void anInvalidPolicyIsA400ProblemAndChangesNothing() {
        long before = jdbc.sql("select revision from policy_revision").query(Long.class).single();
        ResponseEntity<String> response = admin.put().uri("/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", "1:2", "action", "get", "resource_type", "orders", "resource_id", "1"))
                .retrieve().toEntity(String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(response.getBody()).contains("subject");
        assertThat(admin.put().uri("/policies").contentType(MediaType.APPLICATION_JSON).body("{\"subject\":")
                .retrieve().toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(admin.get().uri("/policies?subject=*").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(jdbc.sql("select revision from policy_revision").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void policyCommandsOverTheBusAndAccountDeletionRemoveEverything() throws Exception {
        var js = nats.connection().jetStream();
        for (EventPayload command : List.of(new UpsertPolicy("200", "orders", "1", "get"),
                new UpsertPolicy("200", "orders", "2", "*"), new UpsertPolicy("200", "transactions", "*", "get"),
                new RemovePolicy("200", "orders", "1", "get"))) {
            // Each command from the owner of its type, on the subject that names it.
            ServiceName issuer = command.toString().contains("transactions") ? ServiceName.PAYMENT : ServiceName.ORDER;
            js.publish(nats.namespace().subject("authzsvc." + command.eventName() + "." + issuer.busName()),
                    codec.encode(CloudEvent.of(issuer, "200", null, null, command)));
        }
        // Upsert and remove travel on two subjects and may be handled in either order: the one received later wins.
        await().atMost(Duration.ofSeconds(10)).until(() -> new java.util.HashSet<>((List<String>) admin.get()
                .uri("/policies?subject=200").retrieve().body(Map.class).get("policies"))
                .equals(java.util.Set.of("200:*:orders:2", "200:get:transactions:*")));
        await().atMost(Duration.ofSeconds(5)).until(() -> netEffect(publishedFor("200"))
                .equals(java.util.Set.of("200:*:orders:2", "200:get:transactions:*")));
        int before = publishedFor("200").size();

        js.publish(nats.namespace().subject("authnsvc.event-account-deleted"),
                codec.encode(CloudEvent.of(ServiceName.AUTHN, "200", null, null, new AccountDeleted(200))));

        await().atMost(Duration.ofSeconds(10)).until(() -> publishedFor("200").size() == before + 2);
        assertThat(netEffect(publishedFor("200"))).isEmpty();
        assertThat((List<String>) admin.get().uri("/policies?subject=200").retrieve().body(Map.class).get("policies"))
                .isEmpty();
        List<Long> revisions = published.stream().map(PolicyUpdated::revision).sorted().toList();
        for (int i = 1; i < revisions.size(); i++) {
            assertThat(revisions.get(i)).as("revisions are gapless").isEqualTo(revisions.get(i - 1) + 1);
        }
    }

    /** The policy set the events describe, applied in revision order. */
    private static java.util.Set<String> netEffect(List<PolicyUpdated> events) {
        java.util.Set<String> policies = new java.util.HashSet<>();
        events.stream().sorted(java.util.Comparator.comparingLong(PolicyUpdated::revision)).forEach(e -> {
            String policy = e.subject() + ":" + e.action() + ":" + e.resourceType() + ":" + e.resourceId();
            if (e.method() == PolicyUpdated.Method.PUT) {
                policies.add(policy);
            } else {
                policies.remove(policy);
            }
        });
        return policies;
    }

    private static String unsigned() {
        String header = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes());
        String body = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"sub\":\"1\",\"role\":\"admin\",\"iss\":\"marketbus-authn\",\"aud\":[\"marketbus\"],\"exp\":"
                        + (System.currentTimeMillis() / 1000 + 300) + "}").getBytes());
        return header + "." + body + ".";
    }
}
