package io.marketbus.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketbus.contract.Money;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.contract.events.ProductReserved;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Saga deadlines, unconfirmed compensations and the wallet grace (issue 11, items 3, 4 and 11) on a
 * marketplace of their own: ordersvc with a deadline of seconds, services stopped and started again.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class SagaDeadlineIntegrationTests {

    static final Duration DEADLINE = Duration.ofSeconds(6);
    static final Duration WALLET_GRACE = Duration.ofSeconds(20);

    static Marketplace market;
    static Shop shop;

    @BeforeAll
    static void start() throws Exception {
        market = Marketplace.dedicated(Map.of(
                ServiceName.ORDER, List.of(
                        "marketbus.orders.deadline=" + DEADLINE.toSeconds() + "s",
                        "marketbus.orders.timer-interval=300ms",
                        "marketbus.orders.compensation-retry=3s"),
                ServiceName.PAYMENT, List.of("marketbus.payments.wallet-grace=" + WALLET_GRACE.toSeconds() + "s")));
        shop = new Shop(market);
    }

    @AfterAll
    static void stop() {
        market.shutdown();
    }

    @AfterEach
    void invariantsHold() {
        // Whatever a test stopped is back, and everything has settled consistently.
        market.ensureRunning(ServiceName.ORDER);
        market.ensureRunning(ServiceName.PAYMENT);
        Invariants.assertSettled(market);
    }

    /**
     * paymentsvc is away: the reserved order passes its deadline and is canceled (timeout), its stock
     * comes back, and it is listed as pending compensation, its refund unconfirmed. When paymentsvc
     * returns it sees the late reservation and the cancel in whichever order: the order stays
     * canceled, nothing is charged for good, and the compensation is confirmed (off the list).
     */
    @Test
    void aTimedOutOrderIsCompensatedOnceEvenWhenTheLateAnswerComes() {
        UUID product = shop.productOnSale("8.00", 5);
        long customer = market.customer();
        market.stop(ServiceName.PAYMENT);

        UUID order = shop.placed(customer, product, 2);
        shop.awaitStatus(order, "payment_pending");
        assertThat(shop.available(product)).isEqualTo(3);

        shop.awaitStatus(order, "canceled");
        assertThat(shop.read(customer, order)).containsEntry("reason", "timeout").containsEntry("compensation", "pending");
        shop.awaitReservation(order, "released");
        assertThat(shop.available(product)).isEqualTo(5);
        // The refund is not confirmed while paymentsvc is away: an operator sees it, the cancel is asked again.
        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(pendingCompensations()).contains(order.toString()));
        await().atMost(Shop.PATIENCE).until(() -> canceledEvents(order) >= 2);
        assertThat(shop.read(customer, order)).containsEntry("compensation", "pending");

        market.start(ServiceName.PAYMENT);

        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(shop.read(customer, order))
                .containsEntry("status", "canceled").containsEntry("compensation", "confirmed"));
        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(pendingCompensations()).doesNotContain(order.toString()));
        market.awaitConsumed("inventorysvc", "event-product-reserved-paymentsvc");
        market.awaitConsumed("ordersvc", "event-order-canceled-paymentsvc");
        assertThat(shop.payment(order)).isIn("canceled", "refunded");
        assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
        assertThat(shop.available(product)).isEqualTo(5);
        assertThat(shop.status(order)).isEqualTo("canceled");
        // Canceled once, by the deadline; no approval ever.
        assertThat(market.orders.sql("select to_status || ' ' || cause from order_history where order_id = ? order by version")
                .param(order).query(String.class).list()).containsExactly("pending placed", "payment_pending product_reserved",
                        "canceled deadline_passed");
        assertThat(shop.reservation(order)).isEqualTo("released");
        assertThat(market.payments.sql("select count(*) from transactions where order_id = ? and kind = 'refund'")
                .param(order).query(Long.class).single()).isLessThanOrEqualTo(1);
    }

    /** The deadline is a row: ordersvc stopped before it and started after it still cancels the order. */
    @Test
    void theDeadlineSurvivesARestartOfOrdersvc() {
        UUID product = shop.productOnSale("3.00", 4);
        long customer = market.customer();
        market.stop(ServiceName.PAYMENT);
        UUID order = shop.placed(customer, product, 1);
        shop.awaitStatus(order, "payment_pending");

        market.stop(ServiceName.ORDER);
        OffsetDateTime deadline = market.orders.sql("select deadline_at from orders where id = ?").param(order)
                .query(OffsetDateTime.class).single();
        await().atMost(DEADLINE.plusSeconds(30)).until(() -> OffsetDateTime.now().isAfter(deadline.plusSeconds(1)));
        assertThat(shop.status(order)).as("nobody ran the timer while ordersvc was away").isEqualTo("payment_pending");
        market.start(ServiceName.ORDER);

        shop.awaitStatus(order, "canceled");
        assertThat(shop.read(customer, order)).containsEntry("reason", "timeout");
        shop.awaitReservation(order, "released");
        market.start(ServiceName.PAYMENT);
        await().atMost(Shop.PATIENCE).untilAsserted(() -> assertThat(shop.read(customer, order))
                .containsEntry("compensation", "confirmed"));
        assertThat(shop.balance(customer)).isEqualByComparingTo("100.00");
    }

    /** Compensations are for operators: others get 403 problem+json, a bad state 400. */
    @Test
    void onlyAnAdministratorListsCompensations() {
        long customer = market.customer();
        ResponseEntity<Map> refused = market.orders(customer).get().uri("/v1/ordersvc/orders/compensations")
                .retrieve().toEntity(Map.class);
        MarketplaceFixture.assertProblem(refused, HttpStatus.FORBIDDEN);
        ResponseEntity<Map> bad = market.ordersAdmin().get().uri("/v1/ordersvc/orders/compensations?state=lost")
                .retrieve().toEntity(Map.class);
        MarketplaceFixture.assertProblem(bad, HttpStatus.BAD_REQUEST);
        ResponseEntity<Map> page = market.ordersAdmin().get().uri("/v1/ordersvc/orders/compensations?state=pending&size=5")
                .retrieve().toEntity(Map.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).containsKeys("items", "total").containsEntry("size", 5);
    }

    /**
     * A reservation whose event is older than the wallet grace (a backlog) for an account whose
     * wallet opens a few seconds after paymentsvc first saw it is paid, not declined "no wallet":
     * the grace runs from the first sighting.
     */
    @Test
    void theWalletGraceRunsFromWhenPaymentsvcFirstSawTheOrder() {
        long account = market.newAccountId();
        UUID order = UUID.randomUUID();
        market.publish(ServiceName.INVENTORY, Instant.now().minus(WALLET_GRACE.multipliedBy(3)),
                new ProductReserved(order, account, Money.of("12.00")));
        // paymentsvc has seen it and is waiting for the wallet (it retries the event), not declined.
        await().atMost(Shop.PATIENCE).until(() -> market.payments.sql("select count(*) from wallet_waits where order_id = ?")
                .param(order).query(Long.class).single() == 1);
        assertThat(shop.payment(order)).isNull();

        market.announce(account, AccountRole.CUSTOMER);

        await().atMost(Shop.PATIENCE.plus(WALLET_GRACE)).until(() -> "debited".equals(shop.payment(order)));
        assertThat(shop.balance(account)).isEqualByComparingTo("88.00");
    }

    private List<String> pendingCompensations() {
        ResponseEntity<Map> page = market.ordersAdmin().get().uri("/v1/ordersvc/orders/compensations?state=pending&size=100")
                .retrieve().toEntity(Map.class);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        return ((List<Map<String, Object>>) page.getBody().get("items")).stream().map(o -> (String) o.get("id")).toList();
    }

    private long canceledEvents(UUID order) {
        return market.orders.sql("select count(*) from eventbus_outbox where aggregate_id = ? and event_name = 'event-order-canceled'")
                .param(order.toString()).query(Long.class).single();
    }
}
