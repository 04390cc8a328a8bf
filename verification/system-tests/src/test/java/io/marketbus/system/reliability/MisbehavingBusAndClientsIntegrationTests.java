package io.marketbus.system.reliability;

import io.marketbus.harness.Api;
import io.marketbus.harness.reliability.DuplicatesMode;
import io.marketbus.harness.reliability.Figures;
import io.marketbus.harness.reliability.FuzzMode;
import io.marketbus.harness.reliability.PoisonMode;
import io.marketbus.harness.reliability.Sandbox;
import io.marketbus.harness.reliability.Settings;
import io.marketbus.harness.reliability.Shop;
import io.marketbus.harness.reliability.SystemChecks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The duplicates, fuzz and poison modes, small, on one system (shared NATS, namespace of its own):
 * each ends with the system quiet and every invariant checked. Then a client whose answer is lost.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MisbehavingBusAndClientsIntegrationTests {

    static Sandbox sandbox;

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static Settings settings(int orders) {
        return Settings.builder().orders(orders).seed(11L).quick(true).settle(Duration.ofMinutes(2)).workers(4).build();
    }

    @Test
    @Order(1)
    void everyEventDeliveredTwiceHasItsEffectOnce() throws Exception {
        Figures figures = new DuplicatesMode().runOn(sandbox, settings(30), System.out);

        assertThat(figures.violations()).as("invariant violations").isEmpty();
        assertThat(figures.number("copies published")).isPositive().isEqualTo(figures.number("events seen (originals)"));
        assertThat(figures.number("deliveries dropped as duplicates by the inboxes (marketbus.events.consumed detail=duplicate)"))
                .isPositive();
        assertThat(figures.number("orders acknowledged (201)")).isEqualTo(30);
    }

    @Test
    @Order(2)
    void fuzzedRequestsNeverGetA5xxAndRejectedOnesChangeNothing() throws Exception {
        Figures figures = new FuzzMode().runOn(sandbox, settings(0), System.out);

        assertThat(figures.number("fuzz 5xx or no answer")).as("5xx answers").isZero();
        assertThat(figures.number("fuzz rejected requests that changed state")).isZero();
        assertThat(figures.violations()).as("violations").isEmpty();
        assertThat(figures.number("fuzz requests")).isGreaterThan(500);
    }

    @Test
    @Order(3)
    void poisonIsDeadLetteredAtOnceAndOrdersStillComplete() throws Exception {
        Figures figures = new PoisonMode().runOn(sandbox, settings(0), System.out);

        assertThat(figures.violations()).as("violations").isEmpty();
        assertThat(figures.number("dead letters due (one per receiving service)")).isPositive();
        assertThat(figures.get("order placed after the poison ended")).isEqualTo("paid");
        assertThat(figures.number("max deliveries of a dead letter")).isEqualTo(1);
    }

    /**
     * A client hangs up after sending an order, so its answer is lost, and sends it again: with the
     * same Idempotency-Key the retry answers the order the first try made, and the harness's check
     * finds no extra order; without a key the retry makes a second order, and the check reports it
     * (before the keys existed the harness only counted such orders).
     */
    @Test
    @Order(4)
    void aLostAnswerRetriedWithItsKeyMakesNoExtraOrderAndWithoutOneTheChecksSayExtra() throws Exception {
        Api api = sandbox.api();
        Shop shop = new Shop(api).open(List.of(new Shop.ProductSpec("Retry lamp", "1.00", 10, 1)));
        List<Shop.Customer> customers = shop.addCustomers(2);
        Map<String, Object> order = Map.of("product_id", shop.products().getFirst().id(), "quantity", 1);
        SystemChecks checks = new SystemChecks(sandbox);

        Shop.Customer careful = customers.get(0);
        String key = Api.newIdempotencyKey();
        sendAndHangUp(careful, order, key);
        awaitOrders(careful, 1);
        Api.Reply retried = shop.reply(careful, t -> api.post("ordersvc", "/v1/ordersvc/orders", order, t, key), Duration.ofSeconds(30));
        assertThat(retried.status()).isEqualTo(201);
        SystemChecks.ClientView carefulView = new SystemChecks.ClientView(List.of(UUID.fromString(retried.text("id"))), List.of());
        assertThat(checks.unacknowledgedOrders(carefulView)).isEmpty();
        assertThat(orders(careful)).isEqualTo(1);

        Shop.Customer careless = customers.get(1);
        sendAndHangUp(careless, order, null);
        awaitOrders(careless, 1);
        Api.Reply again = shop.reply(careless, t -> api.post("ordersvc", "/v1/ordersvc/orders", order, t), Duration.ofSeconds(30));
        assertThat(again.status()).isEqualTo(201);
        SystemChecks.ClientView carelessView = new SystemChecks.ClientView(List.of(UUID.fromString(again.text("id"))), List.of());
        assertThat(orders(careless)).isEqualTo(2);
        assertThat(checks.unacknowledgedOrders(carelessView)).hasSize(1);
        assertThat(checks.violations(carelessView)).anyMatch(v -> v.startsWith("1 extra orders"));
        // Given up by the client, the unanswered one is no extra.
        assertThat(checks.violations(new SystemChecks.ClientView(carelessView.acknowledgedOrders(), List.of(), 1)))
                .noneMatch(v -> v.contains("extra orders"));
    }

    private static long orders(Shop.Customer customer) {
        return sandbox.count("select count(*) from ordersvc.orders where account_id = " + customer.account());
    }

    private static void awaitOrders(Shop.Customer customer, long count) {
        await("the order of the lost answer").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> orders(customer) == count);
    }

    /** Writes the whole request and closes the connection before reading anything: the answer is lost. */
    private static void sendAndHangUp(Shop.Customer customer, Map<String, Object> order, String key) throws IOException {
        URI base = URI.create(sandbox.system().url("ordersvc"));
        byte[] body = tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsBytes(order);
        String head = "POST /v1/ordersvc/orders HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                + "\r\nAuthorization: Bearer " + customer.token() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n" + (key == null ? "" : Api.IDEMPOTENCY_KEY + ": " + key + "\r\n") + "Connection: close\r\n\r\n";
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        }
    }
}
