package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/** Who may see and do what: every denial a 403 problem+json from the authz library's policies. */
@SuppressWarnings("unchecked")
class AccessIntegrationTests extends MarketplaceFixture {

    static void assertForbidden(ResponseEntity<?> response) {
        assertProblem(response, HttpStatus.FORBIDDEN);
    }

    @Test
    void aCustomerCannotReadOrCancelAnotherCustomersOrderNorSeeTheirTransactions() {
        UUID product = shop.productOnSale("5.00", 10);
        long alice = market.customer();
        long bob = market.customer();
        UUID order = shop.placed(alice, product, 1);
        shop.awaitStatus(order, "paid");
        assertThat(shop.read(alice, order)).containsEntry("status", "paid");
        UUID bobsOrder = shop.placed(bob, product, 1);
        shop.awaitStatus(bobsOrder, "paid");
        shop.read(bob, bobsOrder);

        RestClient asBob = market.orders(bob);
        assertForbidden(asBob.get().uri("/v1/ordersvc/orders/{id}", order).retrieve().toEntity(String.class));
        assertForbidden(asBob.post().uri("/v1/ordersvc/orders/{id}/cancel", order).retrieve().toEntity(String.class));
        assertThat(shop.status(order)).isEqualTo("paid");
        Map<String, Object> bobsOrders = asBob.get().uri("/v1/ordersvc/orders").retrieve().body(Map.class);
        assertThat((List<Object>) bobsOrders.get("items")).extracting(o -> ((Map<String, Object>) o).get("id"))
                .containsExactly(bobsOrder.toString());

        UUID alicesDebit = market.payments.sql("select id from transactions where order_id = ?").param(order)
                .query(UUID.class).single();
        await().atMost(Shop.PATIENCE).until(() -> market.payments(alice).get().uri("/v1/paymentsvc/transactions/{id}", alicesDebit)
                .retrieve().toBodilessEntity().getStatusCode() == HttpStatus.OK);
        assertForbidden(market.payments(bob).get().uri("/v1/paymentsvc/transactions/{id}", alicesDebit)
                .retrieve().toEntity(String.class));
        await().atMost(Shop.PATIENCE).untilAsserted(() -> {
            Map<String, Object> bobsTransactions = market.payments(bob).get().uri("/v1/paymentsvc/transactions").retrieve().body(Map.class);
            assertThat((List<Object>) bobsTransactions.get("items")).extracting(t -> ((Map<String, Object>) t).get("order_id"))
                    .containsExactly(bobsOrder.toString());
        });
    }

    @Test
    void aSellerCannotAddProductsToAnotherSellersMerchant() {
        long alice = market.seller();
        long bob = market.seller();
        UUID alicesShop = shop.merchant(alice, "alice-" + UUID.randomUUID());
        UUID product = shop.product(alice, alicesShop, "lamp", "19.99", 3);
        shop.merchant(bob, "bob-" + UUID.randomUUID());

        RestClient asBob = market.inventory(bob, "seller");
        assertForbidden(asBob.post().uri("/v1/inventorysvc/merchants/{m}/products", alicesShop)
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("name", "fake", "description", "", "price", "1.00", "quantity", 1))
                .retrieve().toEntity(String.class));
        assertForbidden(asBob.put().uri("/v1/inventorysvc/merchants/{m}/products/{p}/stock", alicesShop, product)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("available", 0)).retrieve().toEntity(String.class));
        assertThat(shop.available(product)).isEqualTo(3);

        // Alice may: stock updates keep the books (stocked moves with available).
        ResponseEntity<Map> restocked = market.inventory(alice, "seller").put()
                .uri("/v1/inventorysvc/merchants/{m}/products/{p}/stock", alicesShop, product)
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("available", 8)).retrieve().toEntity(Map.class);
        assertThat(restocked.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(restocked.getBody()).containsEntry("available", 8);
    }

    @Test
    void rolesOnlyGetWhatTheirAccountCreationGranted() {
        long seller = market.seller();
        long customer = market.customer();
        UUID product = shop.productOnSale("2.00", 1);

        assertForbidden(market.client(market.ordersPort, Long.toString(seller), "seller").post().uri("/v1/ordersvc/orders")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("product_id", product.toString(), "quantity", 1))
                .retrieve().toEntity(String.class));
        assertForbidden(market.inventory(customer, "customer").post().uri("/v1/inventorysvc/merchants")
                .contentType(MediaType.APPLICATION_JSON).body(Map.of("name", "not-a-seller")).retrieve().toEntity(String.class));
        assertForbidden(market.client(market.paymentsPort, Long.toString(seller), "seller").post()
                .uri("/v1/paymentsvc/wallet/recharges").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("amount", "1.00")).retrieve().toEntity(String.class));
        // Customers read products; the catalogue is theirs to browse.
        ResponseEntity<Map> read = Shop.once(() -> market.inventory(customer, "customer").get()
                .uri("/v1/inventorysvc/products/{p}", product).retrieve().toEntity(Map.class));
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(read.getBody()).containsEntry("price", "2.00");

        for (int port : new int[] {market.ordersPort, market.inventoryPort, market.paymentsPort}) {
            assertThat(market.anonymous(port).get().uri("/v1/ordersvc/orders").retrieve().toBodilessEntity().getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }
    }
}
