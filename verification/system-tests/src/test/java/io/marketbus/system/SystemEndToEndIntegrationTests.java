package io.marketbus.system;

import io.marketbus.harness.Api;
import io.marketbus.harness.RunningSystem;
import io.marketbus.harness.ServiceProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole system, black box: the five services as separate processes of the launcher artifact
 * (ordersvc twice), real HTTP, the shared NATS JetStream, PostgreSQL.
 */
class SystemEndToEndIntegrationTests {

    static RunningSystem system;
    static Api api;
    static String seller;
    static String merchantId;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.start();
        system.startInstance("ordersvc", "2").awaitHealthy(Duration.ofSeconds(120));
        api = new Api(system);
        seller = api.signUpAndLogIn("Sally Seller", "seller");
        api.awaitSignUpGrant(seller, "post", "merchants");
        merchantId = api.post("inventorysvc", "/v1/inventorysvc/merchants",
                Map.of("name", "E2E Goods " + System.nanoTime()), seller).body().path("id").asString();
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    /** A new customer, once ordersvc has granted them to place orders (its reaction to the sign-up). */
    static String customer(String name) {
        String customer = api.signUpAndLogIn(name, "customer");
        api.awaitSignUpGrant(customer, "post", "orders");
        return customer;
    }

    static String product(String name, String price, int quantity) {
        Api.Reply created = api.post("inventorysvc", "/v1/inventorysvc/merchants/" + merchantId + "/products",
                Map.of("name", name + " " + System.nanoTime(), "description", "", "price", price, "quantity", quantity), seller);
        assertThat(created.status()).isEqualTo(201);
        return created.text("id");
    }

    static String order(String customer, String productId, int quantity) {
        Api.Reply placed = api.post("ordersvc", "/v1/ordersvc/orders",
                Map.of("product_id", productId, "quantity", quantity), customer);
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        return placed.text("id");
    }

    static String settledStatus(String customer, String orderId) {
        String[] status = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Api.Reply order = api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, customer);
            status[0] = order.text("status");
            return order.ok() && List.of("paid", "product_out_of_stock", "failed", "canceled").contains(status[0]);
        });
        return status[0];
    }

    static String balance(String customer) {
        return api.get("paymentsvc", "/v1/paymentsvc/wallet", customer).text("balance");
    }

    @Test
    void theSagaPathsEndToEnd() {
        String customer = customer("Carl Customer");
        String lamp = product("Lamp", "30.00", 2);
        String yacht = product("Yacht", "999.00", 1);

        String paid = order(customer, lamp, 1);
        assertThat(settledStatus(customer, paid)).isEqualTo("paid");
        String outOfStock = order(customer, lamp, 2);
        assertThat(settledStatus(customer, outOfStock)).isEqualTo("product_out_of_stock");
        String tooDear = order(customer, yacht, 1);
        assertThat(settledStatus(customer, tooDear)).isEqualTo("failed");
        String canceled = order(customer, lamp, 1);
        assertThat(settledStatus(customer, canceled)).isEqualTo("paid");
        assertThat(api.post("ordersvc", "/v1/ordersvc/orders/" + canceled + "/cancel", null, customer).status())
                .isEqualTo(200);
        assertThat(settledStatus(customer, canceled)).isEqualTo("canceled");

        // 100.00 - 30.00 (kept) - 30.00 (refunded) + 30.00 = 70.00; the lamp canceled is back in stock.
        await().atMost(Duration.ofSeconds(10)).until(() -> balance(customer).equals("70.00"));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("inventorysvc", "/v1/inventorysvc/products/" + lamp, customer).body().path("available").asInt() == 1);
        assertThat(api.get("inventorysvc", "/v1/inventorysvc/products/" + yacht, customer).body().path("available").asInt())
                .isEqualTo(1);
    }

    @Test
    void ownerOtherCustomerSellerAndAdminSeeWhatTheyMay() {
        String owner = customer("Olga Owner");
        String other = api.signUpAndLogIn("Otto Other", "customer");
        String orderId = order(owner, product("Cup", "2.00", 5), 1);
        settledStatus(owner, orderId);

        assertThat(api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, owner).status()).isEqualTo(200);
        assertThat(api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, other).status()).isEqualTo(403);
        assertThat(api.post("ordersvc", "/v1/ordersvc/orders/" + orderId + "/cancel", null, other).status()).isEqualTo(403);
        assertThat(api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, seller).status()).isEqualTo(403);
        assertThat(api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, api.admin()).status()).isEqualTo(200);
        assertThat(api.get("ordersvc", "/v1/ordersvc/orders", other).body().path("items").values())
                .extracting(o -> o.path("id").asString()).doesNotContain(orderId);
        assertThat(api.get("paymentsvc", "/v1/paymentsvc/transactions", other).body().path("total").asInt()).isZero();
        assertThat(api.post("ordersvc", "/v1/ordersvc/orders", Map.of("product_id", java.util.UUID.randomUUID().toString(),
                "quantity", 1), seller).status()).as("sellers do not order").isEqualTo(403);
        assertThat(api.get("ordersvc", "/v1/ordersvc/orders/" + orderId, null).status()).isEqualTo(401);
    }

    @Test
    void aRevocationThroughTheAuthzApiStopsAccessOnEveryInstanceWithinASecond() {
        String customer = customer("Rita Revoked");
        String orderId = order(customer, product("Pen", "1.00", 5), 1);
        List<ServiceProcess> orderInstances = system.instances("ordersvc");
        assertThat(orderInstances).hasSize(2);
        for (ServiceProcess instance : orderInstances) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    api.call(instance.baseUrl(), "GET", "/v1/ordersvc/orders/" + orderId, null, customer).status() == 200);
        }

        long account = Api.accountOf(customer);
        Api.Reply revoked = api.call(system.url("authzsvc"), "DELETE", "/v1/authzsvc/policies?subject=" + account
                + "&action=get&resource_type=orders&resource_id=" + orderId, null, api.admin());
        assertThat(revoked.body().path("changed").asBoolean()).isTrue();

        for (ServiceProcess instance : orderInstances) {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    api.call(instance.baseUrl(), "GET", "/v1/ordersvc/orders/" + orderId, null, customer).status() == 403);
        }
    }

    @Test
    void deletingAnAccountRemovesItsPoliciesAndEveryCachedPermission() {
        String customer = customer("Dora Deleted");
        long account = Api.accountOf(customer);
        String orderId = order(customer, product("Hat", "3.00", 5), 1);
        settledStatus(customer, orderId);
        String admin = api.admin();
        assertThat(api.call(system.url("authzsvc"), "GET", "/v1/authzsvc/policies?subject=" + account, null, admin)
                .body().path("policies").values()).isNotEmpty();

        assertThat(api.call(system.url("authnsvc"), "DELETE", "/v1/authnsvc/accounts/" + account, null, customer).status())
                .isBetween(200, 204);

        await().atMost(Duration.ofSeconds(10)).until(() -> api.call(system.url("authzsvc"), "GET",
                "/v1/authzsvc/policies?subject=" + account, null, admin).body().path("policies").values().isEmpty());
        // The still-unexpired token no longer opens anything: every instance refuses the revoked account
        // (401) within a second. (That the caches also dropped its grants is proven below HTTP, in
        // authzsvc's CacheCoherenceIntegrationTests: a revoked token never reaches the cache.)
        for (ServiceProcess instance : system.instances("ordersvc")) {
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                    api.call(instance.baseUrl(), "GET", "/v1/ordersvc/orders/" + orderId, null, customer).status() == 401);
        }
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                api.get("paymentsvc", "/v1/paymentsvc/transactions", customer).status() == 401);
    }

    @Test
    void everyServiceIsScrapedByPrometheusWithoutAToken() throws Exception {
        String customer = customer("Pia Prometheus");
        settledStatus(customer, order(customer, product("Bell", "1.00", 5), 1));
        HttpClient http = HttpClient.newHttpClient();
        for (String service : List.of("authnsvc", "authzsvc", "ordersvc", "inventorysvc", "paymentsvc")) {
            HttpResponse<String> scrape = http.send(HttpRequest.newBuilder(
                    URI.create(system.url(service) + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(scrape.statusCode()).as(service).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).as(service).startsWith("text/plain");
            assertThat(scrape.body()).as(service)
                    .contains("marketbus_outbox_backlog{service=\"" + service + "\"")
                    .contains("http_server_requests_seconds_count{")
                    .contains("jvm_threads_live_threads");
        }
        // The saga's own meters, from the services that took part in the order just settled.
        String orders = http.send(HttpRequest.newBuilder(URI.create(system.url("ordersvc")
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(orders).contains("marketbus_events_published_total{", "marketbus_events_consumed_total{",
                "authz_decisions_total{", "authz_cache_requests_total{");
    }
}
