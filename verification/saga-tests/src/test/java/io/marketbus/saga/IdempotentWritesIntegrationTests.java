package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four create endpoints with an {@code Idempotency-Key}, on the real services (HTTP, PostgreSQL,
 * NATS): a retry gets the first answer and creates nothing (one order, one recharge, one merchant,
 * one product), the same key with another body is 422, another account's key is its own, and
 * concurrent duplicates create one order whose saga runs once (the invariants, after each test).
 * On the code before the header existed every retry created again (or, for a merchant, was a 409).
 */
class IdempotentWritesIntegrationTests extends MarketplaceFixture {

    static final String KEY = "Idempotency-Key";

    static ResponseEntity<String> post(RestClient client, String uri, String key, String json) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).header(KEY, key).body(json)
                .retrieve().toEntity(String.class);
    }

    static String order(UUID product, int quantity) {
        return "{\"product_id\":\"" + product + "\",\"quantity\":" + quantity + "}";
    }

    long orders(long customer, UUID product) {
        return market.orders.sql("select count(*) from orders where account_id = ? and product_id = ?")
                .params(customer, product).query(Long.class).single();
    }

    static void assertSameAnswer(ResponseEntity<String> retry, ResponseEntity<String> first) {
        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void aRetriedOrderIsPlacedOnceAndAnsweredAsTheFirstTime() {
        UUID product = shop.productOnSale("4.00", 10);
        long customer = market.customer();
        String key = UUID.randomUUID().toString();

        ResponseEntity<String> first = post(market.orders(customer), "/v1/ordersvc/orders", key, order(product, 2));
        ResponseEntity<String> retry = post(market.orders(customer), "/v1/ordersvc/orders", key, order(product, 2));

        assertSameAnswer(retry, first);
        assertThat(first.getBody()).contains("\"status\":\"pending\"");
        assertThat(orders(customer, product)).isEqualTo(1);
        shop.awaitStatus(UUID.fromString(first.getBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1")), "paid");
        assertThat(shop.available(product)).isEqualTo(8);
    }

    @Test
    void anOrderKeySentWithAnotherBodyIs422AndOrdersNothingMore() {
        UUID product = shop.productOnSale("1.00", 10);
        long customer = market.customer();
        String key = UUID.randomUUID().toString();
        assertThat(post(market.orders(customer), "/v1/ordersvc/orders", key, order(product, 1)).getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        ResponseEntity<String> refused = post(market.orders(customer), "/v1/ordersvc/orders", key, order(product, 3));

        assertProblem(refused, HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(refused.getBody()).contains("idempotency-key-reused");
        assertThat(orders(customer, product)).isEqualTo(1);
    }

    /**
     * The attacker knows the victim's key (a leaked log, a guess) and sends it with the attacker's own
     * token: the attacker gets an order of its own, never the victim's answer, and the victim's retry
     * still gets the victim's own first answer.
     */
    @Test
    void anAttackerSendingTheVictimsKeyGetsOnlyAResourceOfItsOwn() {
        UUID product = shop.productOnSale("2.00", 10);
        long victim = market.customer();
        long attacker = market.customer();
        String key = UUID.randomUUID().toString();
        ResponseEntity<String> victims = post(market.orders(victim), "/v1/ordersvc/orders", key, order(product, 1));
        String victimsOrder = victims.getBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");

        ResponseEntity<String> attackers = post(market.orders(attacker), "/v1/ordersvc/orders", key, order(product, 1));

        assertThat(attackers.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(attackers.getHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(attackers.getBody()).doesNotContain(victimsOrder).contains("\"account_id\":" + attacker);
        assertThat(orders(attacker, product)).isEqualTo(1);
        assertSameAnswer(post(market.orders(victim), "/v1/ordersvc/orders", key, order(product, 1)), victims);
        assertThat(orders(victim, product)).isEqualTo(1);

        // The same for a recharge: the attacker's own transaction, on the attacker's own wallet.
        ResponseEntity<String> victimsRecharge = post(market.payments(victim), "/v1/paymentsvc/wallet/recharges", key,
                "{\"amount\":\"7.00\"}");
        ResponseEntity<String> attackersRecharge = post(market.payments(attacker), "/v1/paymentsvc/wallet/recharges", key,
                "{\"amount\":\"7.00\"}");
        assertThat(attackersRecharge.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(attackersRecharge.getBody()).contains("\"account_id\":" + attacker)
                .doesNotContain(victimsRecharge.getBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void concurrentDuplicatesOfAnOrderCreateOneOrder() throws Exception {
        UUID product = shop.productOnSale("3.00", 20);
        long customer = market.customer();
        String key = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ResponseEntity<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return post(market.orders(customer), "/v1/ordersvc/orders", key, order(product, 1));
                }));
            }
            start.countDown();
        }
        List<String> bodies = new ArrayList<>();
        for (Future<ResponseEntity<String>> answer : answers) {
            assertThat(answer.get().getStatusCode()).as(answer.get().getBody()).isEqualTo(HttpStatus.CREATED);
            bodies.add(answer.get().getBody());
        }
        assertThat(bodies).hasSize(8).containsOnly(bodies.getFirst());
        assertThat(orders(customer, product)).isEqualTo(1);
    }

    @Test
    void aRetriedRechargeCreditsTheWalletOnce() {
        long customer = market.customer();
        BigDecimal before = shop.balance(customer);
        String key = UUID.randomUUID().toString();

        ResponseEntity<String> first = post(market.payments(customer), "/v1/paymentsvc/wallet/recharges", key, "{\"amount\":\"5.00\"}");
        ResponseEntity<String> retry = post(market.payments(customer), "/v1/paymentsvc/wallet/recharges", key, "{\"amount\":\"5.00\"}");
        ResponseEntity<String> other = post(market.payments(customer), "/v1/paymentsvc/wallet/recharges", key, "{\"amount\":\"6.00\"}");

        assertSameAnswer(retry, first);
        assertProblem(other, HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(shop.balance(customer)).isEqualByComparingTo(before.add(new BigDecimal("5.00")));
        assertThat(market.payments.sql("select count(*) from transactions where account_id = ? and kind = 'recharge'")
                .param(customer).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aRetriedMerchantAndProductAreCreatedOnce() {
        long seller = market.seller();
        RestClient inventory = market.inventory(seller, "seller");
        String name = "idem-" + UUID.randomUUID();
        String merchantKey = UUID.randomUUID().toString();
        ResponseEntity<String> merchant = post(inventory, "/v1/inventorysvc/merchants", merchantKey, "{\"name\":\"" + name + "\"}");
        // Without the key this retry would be a 409: the name exists already.
        assertSameAnswer(post(inventory, "/v1/inventorysvc/merchants", merchantKey, "{\"name\":\"" + name + "\"}"), merchant);
        assertThat(market.inventory.sql("select count(*) from merchants where name = ?").param(name).query(Long.class).single())
                .isEqualTo(1);

        String merchantId = merchant.getBody().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        String products = "/v1/inventorysvc/merchants/" + merchantId + "/products";
        String productKey = UUID.randomUUID().toString();
        String lamp = "{\"name\":\"lamp\",\"price\":\"9.99\",\"quantity\":4}";
        ResponseEntity<String> product = post(inventory, products, productKey, lamp);
        assertSameAnswer(post(inventory, products, productKey, lamp), product);
        assertProblem(post(inventory, products, productKey, "{\"name\":\"lamp\",\"price\":\"9.98\",\"quantity\":4}"),
                HttpStatus.UNPROCESSABLE_CONTENT);
        // The merchant's key on the product endpoint: another request.
        assertProblem(post(inventory, products, merchantKey, lamp), HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(market.inventory.sql("select count(*) from products where merchant_id = ?::uuid").param(merchantId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theApiDocumentsOfTheServicesNameTheHeaderOnTheirCreateEndpoints() {
        Map<Integer, List<String>> creates = Map.of(market.ordersPort, List.of("/v1/ordersvc/orders"),
                market.paymentsPort, List.of("/v1/paymentsvc/wallet/recharges"),
                market.inventoryPort, List.of("/v1/inventorysvc/merchants", "/v1/inventorysvc/merchants/{merchantId}/products"));
        creates.forEach((port, paths) -> {
            JsonNode docs = JsonMapper.builder().build().readTree(market.anonymous(port).get().uri("/v3/api-docs")
                    .retrieve().body(String.class));
            for (String path : paths) {
                JsonNode post = docs.path("paths").path(path).path("post");
                assertThat(post.path("parameters").findValuesAsString("name")).as(path).contains(KEY);
                assertThat(post.path("responses").has("422")).as(path).isTrue();
            }
        });
    }
}
