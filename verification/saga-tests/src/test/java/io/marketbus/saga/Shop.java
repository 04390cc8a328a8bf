package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The steps of the scenarios, through the services' HTTP APIs. Each is one request: a service
 * honours the grants it issued from the next request on (read-your-writes), so a 403 after a
 * create is a failure; the sign-up grants are awaited by {@link Marketplace#customer()} and
 * {@link Marketplace#seller()}.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
final class Shop {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Marketplace market;

    Shop(Marketplace market) {
        this.market = market;
    }

    /** One request, never retried: a 403 is the answer (and a failure where the caller was granted it). */
    @SuppressWarnings("rawtypes")
    static ResponseEntity<Map> once(Supplier<ResponseEntity<Map>> request) {
        return request.get();
    }

    UUID merchant(long seller, String name) {
        ResponseEntity<Map> created = once(() -> market.inventory(seller, "seller").post()
                .uri("/v1/inventorysvc/merchants").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name)).retrieve().toEntity(Map.class));
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        return UUID.fromString((String) created.getBody().get("id"));
    }

    UUID product(long seller, UUID merchant, String name, String price, int quantity) {
        ResponseEntity<Map> created = once(() -> market.inventory(seller, "seller").post()
                .uri("/v1/inventorysvc/merchants/{m}/products", merchant).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", name, "description", "for the saga", "price", price, "quantity", quantity))
                .retrieve().toEntity(Map.class));
        assertThat(created.getStatusCode()).as(String.valueOf(created.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(created.getBody()).containsEntry("price", price).containsEntry("available", quantity);
        return UUID.fromString((String) created.getBody().get("id"));
    }

    /** A seller with a merchant and one product of it. */
    UUID productOnSale(String price, int quantity) {
        long seller = market.seller();
        UUID merchant = merchant(seller, "merchant-" + UUID.randomUUID());
        return product(seller, merchant, "product-" + UUID.randomUUID(), price, quantity);
    }

    ResponseEntity<Map> order(long customer, UUID product, int quantity) {
        return once(() -> market.orders(customer).post().uri("/v1/ordersvc/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("product_id", product.toString(), "quantity", quantity))
                .retrieve().toEntity(Map.class));
    }

    UUID placed(long customer, UUID product, int quantity) {
        ResponseEntity<Map> response = order(customer, product, quantity);
        assertThat(response.getStatusCode()).as(String.valueOf(response.getBody())).isEqualTo(HttpStatus.CREATED);
        assertThat(response.getBody()).containsEntry("status", "pending");
        return UUID.fromString((String) response.getBody().get("id"));
    }

    ResponseEntity<Map> cancel(long customer, UUID order) {
        return once(() -> market.orders(customer).post().uri("/v1/ordersvc/orders/{id}/cancel", order)
                .retrieve().toEntity(Map.class));
    }

    /** The order as its customer reads it over HTTP. */
    Map<String, Object> read(long customer, UUID order) {
        ResponseEntity<Map> response = once(() -> market.orders(customer).get()
                .uri("/v1/ordersvc/orders/{id}", order).retrieve().toEntity(Map.class));
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return response.getBody();
    }

    String status(UUID order) {
        return market.orders.sql("select status from orders where id = ?").param(order).query(String.class).single();
    }

    void awaitStatus(UUID order, String status) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).until(() -> status(order).equals(status));
    }

    /** Waits until the order's reservation in inventorysvc is in this state (sold, released). */
    void awaitReservation(UUID order, String state) {
        await().atMost(PATIENCE).until(() -> state.equals(reservation(order)));
    }

    String reservation(UUID order) {
        return market.inventory.sql("select state from reservations where order_id = ?").param(order)
                .query(String.class).optional().orElse(null);
    }

    String payment(UUID order) {
        return market.payments.sql("select state from payments where order_id = ?").param(order)
                .query(String.class).optional().orElse(null);
    }

    int available(UUID product) {
        return market.inventory.sql("select available from products where id = ?").param(product)
                .query(Integer.class).single();
    }

    BigDecimal balance(long account) {
        return market.wallet(account);
    }

    /** The balance over HTTP, as the customer sees it: a decimal string. */
    String balanceOverHttp(long customer) {
        Map<String, Object> wallet = market.payments(customer).get().uri("/v1/paymentsvc/wallet").retrieve().body(Map.class);
        return (String) wallet.get("balance");
    }
}
