package io.marketbus.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.Money;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.OrderApproved;
import io.marketbus.contract.events.OrderCanceled;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.support.authz.IssuedPolicies;
import java.time.Duration;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.testkit.EmbeddedTestDatabase;
import io.marketbus.testkit.SentEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Orders on the embedded database the service uses by default (H2, PostgreSQL mode, its own migration). */
class OrdersUnitTests {

    final List<EventPayload> sent = new ArrayList<>();
    final Outbox outbox = SentEvents.into(sent)::apply;
    Orders orders;
    DataSource h2;
    OrderStore store;

    @BeforeEach
    void database() {
        h2 = EmbeddedTestDatabase.migrated("ordersvc");
        store = new OrderStore(JdbcClient.create(h2));
        orders = new Orders(store, outbox,
                IssuedPolicies.inDatabase(outbox, h2, Duration.ofMinutes(15)), new DataSourceTransactionManager(h2),
                new OrderSettings(Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofSeconds(30), 100));
    }

    @Test
    void placingAnOrderFiresItAndGrantsItsCustomerGetAndCancel() {
        Order order = orders.place(9, UUID.randomUUID(), 2);
        assertThat(orders.find(order.id())).contains(order);
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isInstanceOf(OrderCreated.class);
        assertThat(sent.subList(1, 3)).containsExactly(
                new UpsertPolicy("9", "orders", order.id().toString(), "get"),
                new UpsertPolicy("9", "orders", order.id().toString(), "cancel"));
    }

    @Test
    void paymentBeforeReservationPaysOnceAndKeepsTheAmount() {
        Order order = orders.place(9, UUID.randomUUID(), 2);
        sent.clear();
        orders.apply(order.id(), SagaEvent.PAYMENT_SUCCEEDED, null, null);
        orders.apply(order.id(), SagaEvent.PRODUCT_RESERVED, Money.of("4.20"), null);
        orders.apply(order.id(), SagaEvent.PAYMENT_SUCCEEDED, null, null);
        Order paid = orders.find(order.id()).orElseThrow();
        assertThat(paid.status()).isEqualTo(OrderStatus.PAID);
        assertThat(paid.amount()).isEqualTo(Money.of("4.20"));
        assertThat(sent).containsExactly(new OrderApproved(order.id(), 9));
        assertThat(orders.history(order.id())).containsExactly("pending", "paid");
    }

    @Test
    void aCancelWinsOverALatePayment() {
        Order order = orders.place(9, UUID.randomUUID(), 1);
        sent.clear();
        orders.apply(order.id(), SagaEvent.PRODUCT_RESERVED, Money.of("1.00"), null);
        orders.apply(order.id(), SagaEvent.CANCEL_REQUESTED, null, null);
        orders.apply(order.id(), SagaEvent.PAYMENT_SUCCEEDED, null, null);
        orders.apply(order.id(), SagaEvent.CANCEL_REQUESTED, null, null);
        assertThat(orders.find(order.id()).orElseThrow().status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(sent).containsExactly(new OrderCanceled(order.id(), 9, OrderCanceled.Reason.CUSTOMER));
        assertThat(orders.history(order.id())).containsExactly("pending", "payment_pending", "canceled");
    }

    @Test
    void aPassedDeadlineCancelsOnceAndTheCompensationIsPendingUntilBothHalvesConfirm() {
        Orders quick = new Orders(store, outbox, IssuedPolicies.inDatabase(outbox, h2, Duration.ofMinutes(15)),
                new DataSourceTransactionManager(h2), new OrderSettings(Duration.ZERO, Duration.ofSeconds(2), Duration.ZERO, 100));
        Order order = quick.place(9, UUID.randomUUID(), 1);
        Order paid = quick.place(9, UUID.randomUUID(), 1);
        quick.apply(paid.id(), SagaEvent.PAYMENT_SUCCEEDED, null, null);
        sent.clear();

        assertThat(quick.expireOverdue()).isOne();
        assertThat(quick.expireOverdue()).isZero();
        Order canceled = quick.find(order.id()).orElseThrow();
        assertThat(canceled.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(canceled.reason()).isEqualTo("timeout");
        assertThat(canceled.compensation()).isEqualTo("pending");
        assertThat(quick.find(paid.id()).orElseThrow().status()).isEqualTo(OrderStatus.PAID);
        // A late payment changes nothing: the cancel stands and is the only outcome fired.
        quick.apply(order.id(), SagaEvent.PAYMENT_SUCCEEDED, null, null);
        assertThat(sent).containsExactly(new OrderCanceled(order.id(), 9, OrderCanceled.Reason.TIMEOUT));

        // Unconfirmed: asked again (retry period zero here), with the same reason.
        assertThat(quick.retryCompensations()).isOne();
        assertThat(sent).hasSize(2).last().isEqualTo(new OrderCanceled(order.id(), 9, OrderCanceled.Reason.TIMEOUT));
        assertThat(quick.compensations("pending", new PageRequest(0, 10)).items()).extracting(Order::id)
                .containsExactly(order.id());
        assertThat(quick.stockReleased(order.id())).isTrue();
        assertThat(quick.find(order.id()).orElseThrow().compensation()).isEqualTo("pending");
        assertThat(quick.refundConfirmed(order.id())).isTrue();
        assertThat(quick.refundConfirmed(order.id())).isTrue();
        assertThat(quick.find(order.id()).orElseThrow().compensation()).isEqualTo("confirmed");
        assertThat(quick.retryCompensations()).isZero();
        assertThat(quick.compensations("pending", new PageRequest(0, 10)).items()).isEmpty();
        assertThat(quick.stockReleased(UUID.randomUUID())).isFalse();
    }

    @Test
    void anUnknownOrderIsReported() {
        assertThat(orders.apply(UUID.randomUUID(), SagaEvent.PRODUCT_RESERVED, Money.of("1.00"), null)).isEmpty();
    }

    @Test
    void listsOnlyWhatIsVisibleNewestFirstInPages() {
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(orders.place(9, UUID.randomUUID(), 1).id());
        }
        orders.place(10, UUID.randomUUID(), 1);
        List<String> visible = new ArrayList<>(mine.stream().map(UUID::toString).toList());
        visible.add("not-a-uuid");
        List<Order> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Page<Order> p = orders.list(VisibleIds.only(visible), new PageRequest(page, 2));
            assertThat(p.total()).isEqualTo(5);
            assertThat(p.items()).hasSize(page < 2 ? 2 : 1);
            seen.addAll(p.items());
        }
        assertThat(seen).extracting(Order::id).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(seen).extracting(Order::createdAt).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(orders.list(VisibleIds.all(), new PageRequest(0, 10)).total()).isEqualTo(6);
        assertThat(orders.list(VisibleIds.none(), new PageRequest(0, 10)).items()).isEmpty();
    }
}
