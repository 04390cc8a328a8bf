package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.SuspiciousActivity;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.marketbus.guarded.GuardedOrdersApplication;
import io.marketbus.testkit.ServiceTestEnvironment;
import io.marketbus.testkit.TestTokens;
import java.util.HashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

/**
 * The adapter in a running service: {@code @RequiresPermission} answers 403 problem+json before the
 * controller runs, list endpoints see exactly the visible ids, and repeated denials fire
 * event-suspicious-activity. Real authzsvc, real HTTP, real NATS and PostgreSQL.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authzsvc")
class PermissionEnforcementIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");
    static final TestNats nats = env.nats();
    static final TestTokens tokens = env.tokens();
    @AutoClose
    static final TestDatabase ordersDb;
    static final List<SuspiciousActivity> reports = new CopyOnWriteArrayList<>();
    static ConfigurableApplicationContext orders;

    static {
        try {
            ordersDb = TestDatabase.create("ordersvc");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        EventCodec codec = new EventCodec(EventCatalogue.load());
        nats.connection().createDispatcher(m -> reports.add((SuspiciousActivity) codec.decode(m.getData()).data()))
                .subscribe(nats.namespace().subject("ordersvc.event-suspicious-activity"));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @LocalServerPort
    int authzPort;

    void startOrders() {
        if (orders != null) {
            return;
        }
        orders = new SpringApplicationBuilder(GuardedOrdersApplication.class)
                .properties(new HashMap<>(ServiceTestEnvironment.pointingAt(nats, ordersDb, tokens)))
                .properties(
                "spring.config.name=guarded-orders",
                "server.port=0",
                "marketbus.service=ordersvc",
                "spring.flyway.enabled=false",
                "marketbus.security.client-secret=test-secret",
                "marketbus.authz.owned-types=orders",
                "marketbus.authz.url=http://127.0.0.1:" + authzPort,
                "marketbus.authz.denials.threshold=3",
                "marketbus.whole-contract=false")
                .run();
    }

    @AfterAll
    static void stopOrders() {
        if (orders != null) {
            orders.close();
        }
    }

    RestClient as(String subject, String role, int port) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", "Bearer " + tokens.token(subject, role))
                .defaultStatusHandler(s -> true, (req, res) -> {}).build();
    }

    int ordersPort() {
        return Integer.parseInt(orders.getEnvironment().getProperty("local.server.port"));
    }

    void grant(String subject, String action, String id) {
        as("1", "admin", authzPort).put().uri("/v1/authzsvc/policies").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("subject", subject, "action", action, "resource_type", "orders", "resource_id", id))
                .retrieve().toBodilessEntity();
    }

    @Test
    void endpointsAreGuardedByTheCallersPolicies() {
        startOrders();
        grant("40", "get", "1");
        grant("40", "get", "3");
        grant("41", "*", "*");

        RestClient customer = as("40", "customer", ordersPort());
        assertThat(customer.get().uri("/v1/ordersvc/orders/1").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.OK);
        ResponseEntity<String> denied = customer.get().uri("/v1/ordersvc/orders/2").retrieve().toEntity(String.class);
        assertThat(denied.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(denied.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)).isTrue();
        assertThat(customer.post().uri("/v1/ordersvc/orders").retrieve().toBodilessEntity().getStatusCode())
                .as("needs orders:post:*").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(customer.get().uri("/v1/ordersvc/orders").retrieve().body(Map.class))
                .containsEntry("all", false).containsEntry("ids", List.of("1", "3"));

        RestClient seller = as("41", "seller", ordersPort());
        assertThat(seller.post().uri("/v1/ordersvc/orders").retrieve().toBodilessEntity().getStatusCode())
                .isEqualTo(HttpStatus.OK);
        assertThat(seller.get().uri("/v1/ordersvc/orders").retrieve().body(Map.class)).containsEntry("all", true);
        assertThat(as("42", "customer", ordersPort()).get().uri("/v1/ordersvc/orders").retrieve().body(Map.class))
                .as("no policies: nothing visible").containsEntry("ids", List.of());
        assertThat(RestClient.create("http://127.0.0.1:" + ordersPort()).get().uri("/v1/ordersvc/orders/1").retrieve()
                .onStatus(s -> true, (req, res) -> {}).toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void repeatedDenialsFireSuspiciousActivityOnce() {
        startOrders();
        RestClient intruder = as("50", "customer", ordersPort());
        for (int i = 0; i < 5; i++) {
            assertThat(intruder.get().uri("/v1/ordersvc/orders/" + (100 + i)).retrieve().toBodilessEntity().getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream().anyMatch(r -> r.accountId() == 50));
        assertThat(reports).filteredOn(r -> r.accountId() == 50).singleElement().satisfies(r -> {
            assertThat(r.resourceType()).isEqualTo("orders");
            assertThat(r.action()).isEqualTo("get");
            assertThat(r.severity()).isEqualTo(SuspiciousActivity.Severity.MEDIUM);
        });
    }
}
