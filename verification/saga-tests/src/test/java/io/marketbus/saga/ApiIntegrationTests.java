package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Input validation, problem+json, pagination bounds and the OpenAPI documents of the three services. */
@SuppressWarnings("unchecked")
class ApiIntegrationTests {

    final Marketplace market = Marketplace.get();
    final Shop shop = new Shop(market);

    static void assertProblem(ResponseEntity<String> response, HttpStatus status) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .as(String.valueOf(response.getHeaders().getContentType())).isTrue();
        assertThat(response.getBody()).contains("\"status\":" + status.value());
    }

    ResponseEntity<String> post(RestClient client, String uri, String json) {
        return client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(json).retrieve().toEntity(String.class);
    }

    @Test
    void ordersRefuseWhatTheyDoNotUnderstand() {
        long customer = market.customer();
        shop.order(customer, UUID.randomUUID(), 1); // until the grant arrived
        RestClient orders = market.orders(customer);
        String product = UUID.randomUUID().toString();
        assertProblem(post(orders, "/v1/ordersvc/orders", "{\"product_id\":\"" + product + "\",\"quantity\":1,\"price\":\"0.01\"}"),
                HttpStatus.BAD_REQUEST);
        assertProblem(post(orders, "/v1/ordersvc/orders", "{\"product_id\":\"" + product + "\",\"quantity\":0}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(orders, "/v1/ordersvc/orders", "{\"product_id\":\"" + product + "\",\"quantity\":1000001}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(orders, "/v1/ordersvc/orders", "{\"quantity\":1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(orders, "/v1/ordersvc/orders", "{\"product_id\":\"nope\",\"quantity\":1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(orders, "/v1/ordersvc/orders", "not json"), HttpStatus.BAD_REQUEST);
        assertProblem(orders.get().uri("/v1/ordersvc/orders?size=101").retrieve().toEntity(String.class), HttpStatus.BAD_REQUEST);
        assertProblem(orders.get().uri("/v1/ordersvc/orders?page=-1").retrieve().toEntity(String.class), HttpStatus.BAD_REQUEST);
        assertProblem(market.client(market.ordersPort, "1", "admin").get().uri("/v1/ordersvc/orders/{id}", UUID.randomUUID())
                .retrieve().toEntity(String.class), HttpStatus.NOT_FOUND);
    }

    @Test
    void inventoryAndPaymentsTakeMoneyOnlyAsExactDecimalStrings() {
        long seller = market.seller();
        String name = "api-" + UUID.randomUUID();
        UUID merchant = shop.merchant(seller, name);
        RestClient inventory = market.inventory(seller, "seller");
        assertProblem(post(inventory, "/v1/inventorysvc/merchants", "{\"name\":\"" + name + "\"}"), HttpStatus.CONFLICT);
        assertProblem(post(inventory, "/v1/inventorysvc/merchants", "{\"name\":\"  \"}"), HttpStatus.BAD_REQUEST);
        shop.product(seller, merchant, "cup", "4.50", 2);
        String products = "/v1/inventorysvc/merchants/" + merchant + "/products";
        assertProblem(post(inventory, products, "{\"name\":\"cup\",\"price\":\"4.50\",\"quantity\":1}"), HttpStatus.CONFLICT);
        assertProblem(post(inventory, products, "{\"name\":\"mug\",\"price\":4.5,\"quantity\":1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(inventory, products, "{\"name\":\"mug\",\"price\":\"4.505\",\"quantity\":1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(inventory, products, "{\"name\":\"mug\",\"price\":\"0.00\",\"quantity\":1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(inventory, products, "{\"name\":\"mug\",\"price\":\"1.00\",\"quantity\":-1}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(inventory, products, "{\"name\":\"mug\",\"price\":\"1.00\",\"quantity\":1,\"sku\":\"x\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(inventory.get().uri("/v1/inventorysvc/merchants?size=0").retrieve().toEntity(String.class), HttpStatus.BAD_REQUEST);

        long customer = market.customer();
        RestClient payments = market.payments(customer);
        Shop.once(() -> payments.post().uri("/v1/paymentsvc/wallet/recharges").contentType(MediaType.APPLICATION_JSON)
                .body("{\"amount\":\"0.01\"}").retrieve().toEntity(Map.class));
        assertProblem(post(payments, "/v1/paymentsvc/wallet/recharges", "{\"amount\":\"0.00\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(payments, "/v1/paymentsvc/wallet/recharges", "{\"amount\":\"-1.00\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(payments, "/v1/paymentsvc/wallet/recharges", "{\"amount\":10}"), HttpStatus.BAD_REQUEST);
        assertProblem(post(payments, "/v1/paymentsvc/wallet/recharges", "{\"amount\":\"1.00\",\"to\":2}"), HttpStatus.BAD_REQUEST);
        assertThat(shop.balanceOverHttp(customer)).isEqualTo("100.01");
        assertProblem(payments.get().uri("/v1/paymentsvc/transactions?size=1000").retrieve().toEntity(String.class),
                HttpStatus.BAD_REQUEST);
        Map<String, Object> page = payments.get().uri("/v1/paymentsvc/transactions?page=0&size=1").retrieve().body(Map.class);
        assertThat(page).containsEntry("page", 0).containsEntry("size", 1);
    }

    @Test
    void everyServicePublishesItsOpenApiDocument() {
        Map<Integer, String> services = Map.of(market.ordersPort, "/v1/ordersvc/orders",
                market.inventoryPort, "/v1/inventorysvc/products", market.paymentsPort, "/v1/paymentsvc/transactions");
        services.forEach((port, path) -> {
            ResponseEntity<String> docs = market.anonymous(port).get().uri("/v3/api-docs").retrieve().toEntity(String.class);
            assertThat(docs.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(docs.getBody()).contains("\"openapi\"").contains(path);
        });
    }
}
