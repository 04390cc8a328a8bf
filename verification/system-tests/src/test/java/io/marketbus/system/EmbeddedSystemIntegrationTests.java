package io.marketbus.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The other shape the load benchmark measures: the whole system in one process of the launcher
 * artifact ({@code marketbus.jar run}, as {@code ./marketbus run} starts it), each service on its own
 * port, with the embedded H2 databases, on the shared NATS in a namespace of its own.
 */
class EmbeddedSystemIntegrationTests {

    static RunningSystem system;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.startEmbedded();
        api = new Api(system);
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    void anOrderIsPaidWithEveryServiceInOneProcessOnItsOwnDatabases() {
        String seller = api.signUpAndLogIn("Erin Embedded", "seller");
        api.awaitSignUpGrant(seller, "post", "merchants");
        String merchant = api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "Embedded Goods " + System.nanoTime()), seller).text("id");
        Api.Reply product = api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchant + "/products",
                Map.of("name", "Kettle " + System.nanoTime(), "description", "", "price", "12.50", "quantity", 3), seller);
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        String customer = api.signUpAndLogIn("Emil Embedded", "customer");
        api.awaitSignUpGrant(customer, "post", "orders");

        Api.Reply placed = api.post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", product.text("id"), "quantity", 1), customer);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.get("ordersvc", "/v1/ordersvc/orders/" + placed.text("id"), customer).text("status").equals("paid"));
        assertThat(api.get("paymentsvc", "/v1/paymentsvc/wallet", customer).text("balance")).isEqualTo("87.50");
        assertThat(system.embedded()).as("one process").isPresent();
        assertThat(system.processes()).as("no service process of its own").isEmpty();
        assertThat(Files.isDirectory(system.logs().resolve("h2"))).as("the embedded databases, in its data folder").isTrue();
    }
}
