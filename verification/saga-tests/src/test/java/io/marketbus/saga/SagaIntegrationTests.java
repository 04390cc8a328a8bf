package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The order saga through four real services, real NATS JetStream, real PostgreSQL and real HTTP. */
@SuppressWarnings("unchecked")
class SagaIntegrationTests extends MarketplaceFixture {

    @Test
    void happyPathPaysAndSells() {
        UUID product = shop.productOnSale("12.50", 5);
        long customer = market.customer();

        UUID order = shop.placed(customer, product, 2);

        shop.awaitStatus(order, "paid");
        // event-payment may overtake event-product-reserved (different streams): the order is paid
        // either way, and learns its amount from the late reservation.
        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(shop.read(customer, order))
                .containsEntry("status", "paid").containsEntry("amount", "25.00").containsEntry("quantity", 2));
        shop.awaitReservation(order, "sold");
        assertThat(shop.available(product)).isEqualTo(3);
        assertThat(shop.balance(customer)).isEqualByComparingTo("75.00");
        assertThat(shop.balanceOverHttp(customer)).isEqualTo("75.00");
        assertThat(market.orders.sql("select to_status from order_history where order_id = ? order by version")
                .param(order).query(String.class).list())
                .isIn(List.of("pending", "payment_pending", "paid"), List.of("pending", "paid"));

        // The customer sees the debit among their transactions, with exact money.
        await().atMost(Shop.PATIENCE).untilAsserted(() -> {
            Map<String, Object> page = market.payments(customer).get().uri("/v1/paymentsvc/transactions").retrieve().body(Map.class);
            assertThat((List<Object>) page.get("items")).singleElement().satisfies(t -> assertThat((Map<String, Object>) t)
                    .containsEntry("kind", "debit").containsEntry("amount", "25.00")
                    .containsEntry("balance_after", "75.00").containsEntry("order_id", order.toString()));
        });
        // And lists their order.
        await().atMost(Shop.PATIENCE).untilAsserted(() -> {
            Map<String, Object> page = market.orders(customer).get().uri("/v1/ordersvc/orders").retrieve().body(Map.class);
            assertThat((List<Object>) page.get("items")).extracting(o -> ((Map<String, Object>) o).get("id")).containsExactly(order.toString());
            assertThat(page.get("total")).isEqualTo(1);
        });
    }

    @Test
    void outOfStockChargesNothing() {
        UUID product = shop.productOnSale("3.00", 5);
        long customer = market.customer();

        UUID tooMany = shop.placed(customer, product, 6);
        UUID unknownProduct = shop.placed(customer, UUID.randomUUID(), 1);

        shop.awaitStatus(tooMany, "product_out_of_stock");
        shop.awaitStatus(unknownProduct, "product_out_of_stock");
        assertThat(shop.read(customer, tooMany).get("reason")).asString().contains("out of stock");
        assertThat(shop.read(customer, unknownProduct).get("reason")).asString().contains("unknown product");
        assertThat(shop.available(product)).isEqualTo(5);
        assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
        assertThat(shop.payment(tooMany)).isNull();

        assertProblem(shop.cancel(customer, tooMany), HttpStatus.CONFLICT);
    }

    @Test
    void insufficientFundsFailsAndReleasesTheStock() {
        UUID product = shop.productOnSale("60.00", 4);
        long customer = market.customer();

        UUID order = shop.placed(customer, product, 2);

        shop.awaitStatus(order, "failed");
        shop.awaitReservation(order, "released");
        assertThat(shop.available(product)).isEqualTo(4);
        assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
        assertThat(shop.payment(order)).isEqualTo("declined");
    }

    @Test
    void rechargedWalletPaysWhatTheOpeningBalanceCouldNot() {
        UUID product = shop.productOnSale("60.00", 4);
        long customer = market.customer();
        ResponseEntity<Map> recharge = Shop.once(() -> market.payments(customer).post()
                .uri("/v1/paymentsvc/wallet/recharges").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("amount", "20.10")).retrieve().toEntity(Map.class));
        assertThat(recharge.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(recharge.getBody()).containsEntry("kind", "recharge").containsEntry("balance_after", "120.10");

        UUID order = shop.placed(customer, product, 2);

        shop.awaitStatus(order, "paid");
        assertThat(shop.balance(customer)).isEqualByComparingTo("0.10");
    }

    /**
     * The cancel comes while the payment is still to come: the payment is held back (the wallet is
     * hidden, so paymentsvc retries), the customer cancels, and when the wallet is back the late
     * reservation finds the cancel already recorded and charges nothing.
     */
    @Test
    void cancelBeforePaymentReleasesStockAndChargesNothing() {
        UUID product = shop.productOnSale("10.00", 5);
        long customer = market.customer();
        hideWallet(customer);
        try {
            UUID order = shop.placed(customer, product, 3);
            shop.awaitStatus(order, "payment_pending");
            assertThat(shop.available(product)).isEqualTo(2);

            ResponseEntity<Map> canceled = shop.cancel(customer, order);

            assertThat(canceled.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(canceled.getBody()).containsEntry("status", "canceled");
            await().atMost(Shop.PATIENCE).until(() -> "canceled".equals(shop.payment(order)));
            shop.awaitReservation(order, "released");
            assertThat(shop.available(product)).isEqualTo(5);
            // The held-back reservation is handled now, and charges nothing: the cancel came first.
            market.awaitConsumed("inventorysvc", "event-product-reserved-paymentsvc");
            showWallet(customer);
            assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
            assertThat(shop.status(order)).isEqualTo("canceled");
            // Canceling again changes nothing.
            assertThat(shop.cancel(customer, order).getStatusCode()).isEqualTo(HttpStatus.OK);
        } finally {
            showWallet(customer);
        }
    }

    @Test
    void cancelAfterPaymentRefundsOnceAndReleasesStock() {
        UUID product = shop.productOnSale("7.25", 5);
        long customer = market.customer();
        UUID order = shop.placed(customer, product, 4);
        shop.awaitStatus(order, "paid");
        shop.awaitReservation(order, "sold");
        assertThat(shop.balance(customer)).isEqualByComparingTo("71.00");

        ResponseEntity<Map> canceled = shop.cancel(customer, order);
        assertThat(canceled.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(canceled.getBody()).containsEntry("status", "canceled");
        assertThat(shop.cancel(customer, order).getBody()).containsEntry("status", "canceled");

        await().atMost(Shop.PATIENCE).until(() -> "refunded".equals(shop.payment(order)));
        shop.awaitReservation(order, "released");
        assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
        assertThat(shop.available(product)).isEqualTo(5);
        await().atMost(Shop.PATIENCE).untilAsserted(() -> {
            Map<String, Object> page = market.payments(customer).get().uri("/v1/paymentsvc/transactions").retrieve().body(Map.class);
            assertThat((List<Object>) page.get("items")).extracting(t -> ((Map<String, Object>) t).get("kind") + " " + ((Map<String, Object>) t).get("amount"))
                    .containsExactlyInAnyOrder("debit 29.00", "refund 29.00");
        });
    }

    /** Cancels racing the saga at every point: whichever wins, every order ends consistent (checked after). */
    @Test
    void cancelsRacingThePaymentEndConsistently() {
        UUID product = shop.productOnSale("1.10", 50);
        long customer = market.customer();
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            orders.add(shop.placed(customer, product, 1));
        }
        List<Thread> cancels = new ArrayList<>();
        for (int i = 0; i < orders.size(); i += 2) {
            UUID order = orders.get(i);
            cancels.add(Thread.ofVirtual().start(() -> shop.cancel(customer, order)));
        }
        cancels.forEach(t -> {
            try {
                t.join(Duration.ofSeconds(40));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < orders.size(); i++) {
            UUID order = orders.get(i);
            shop.awaitStatus(order, i % 2 == 0 ? "canceled" : "paid");
        }
        await().atMost(Shop.PATIENCE).untilAsserted(() -> {
            assertThat(shop.available(product)).isEqualTo(50 - 6);
            assertThat(shop.balance(customer)).isEqualByComparingTo(new BigDecimal("100.00").subtract(new BigDecimal("6.60")));
        });
    }

    private void hideWallet(long account) {
        market.payments.sql("update wallets set account_id = ? where account_id = ?").params(-account, account).update();
    }

    private void showWallet(long account) {
        market.payments.sql("update wallets set account_id = ? where account_id = ?").params(account, -account).update();
    }
}
