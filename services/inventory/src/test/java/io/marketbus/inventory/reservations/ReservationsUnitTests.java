package io.marketbus.inventory.reservations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.Money;
import io.marketbus.contract.events.ErrReservingProduct;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.OrderStatus;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.contract.events.StockReleased;
import io.marketbus.eventbus.Outbox;
import io.marketbus.testkit.EmbeddedTestDatabase;
import io.marketbus.testkit.SentEvents;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stock movements per order in every arrival order, on the embedded database the service uses by
 * default (H2 in PostgreSQL mode, the service's own migration), each event in a transaction as the
 * bus runs it.
 */
class ReservationsUnitTests {

    final List<EventPayload> sent = new ArrayList<>();
    final Outbox outbox = SentEvents.into(sent)::apply;
    JdbcClient jdbc;
    Reservations reservations;
    TransactionTemplate tx;
    UUID product = UUID.randomUUID();

    @BeforeEach
    void database() {
        DataSource h2 = EmbeddedTestDatabase.migrated("inventorysvc");
        jdbc = JdbcClient.create(h2);
        tx = new TransactionTemplate(new DataSourceTransactionManager(h2));
        reservations = new Reservations(jdbc, outbox);
        UUID merchant = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("insert into merchants (id, name, owner_id, created_at) values (?, 'm', 1, ?)").params(merchant, now).update();
        jdbc.sql("""
                insert into products (id, merchant_id, name, description, price, available, stocked, created_at, updated_at)
                values (?, ?, 'p', '', 0.10, 5, 5, ?, ?)""").params(product, merchant, now, now).update();
    }

    OrderCreated order(int quantity) {
        return new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 7, product, quantity);
    }

    void inTx(Runnable work) {
        tx.executeWithoutResult(s -> work.run());
    }

    /** An order of the product placed: inventorysvc has handled its OrderCreated, whatever the outcome. */
    OrderCreated placed(int quantity) {
        OrderCreated order = order(quantity);
        inTx(() -> reservations.reserve(order));
        return order;
    }

    int available() {
        return jdbc.sql("select available from products where id = ?").param(product).query(Integer.class).single();
    }

    String state(UUID order) {
        return jdbc.sql("select state from reservations where order_id = ?").param(order).query(String.class).single();
    }

    @Test
    void reservesAtomicallyWithTheExactAmount() {
        OrderCreated order = placed(3);
        assertThat(available()).isEqualTo(2);
        assertThat(state(order.orderId())).isEqualTo("held");
        assertThat(sent).singleElement().isEqualTo(new ProductReserved(order.orderId(), 7, Money.of("0.30")));
    }

    @Test
    void theSameOrderTwiceReservesOnce() {
        OrderCreated order = placed(2);
        inTx(() -> reservations.reserve(order));
        assertThat(available()).isEqualTo(3);
        assertThat(sent).hasSize(1);
    }

    @Test
    void moreThanIsAvailableIsRefusedWithoutTouchingTheStock() {
        OrderCreated order = placed(6);
        assertThat(available()).isEqualTo(5);
        assertThat(state(order.orderId())).isEqualTo("rejected");
        assertThat(sent).singleElement().isInstanceOfSatisfying(ErrReservingProduct.class,
                e -> assertThat(e.reason()).contains("out of stock"));
    }

    @Test
    void anUnknownProductIsRefused() {
        OrderCreated order = new OrderCreated(UUID.randomUUID(), OrderStatus.PENDING, 7, UUID.randomUUID(), 1);
        inTx(() -> reservations.reserve(order));
        assertThat(sent).singleElement().isInstanceOfSatisfying(ErrReservingProduct.class,
                e -> assertThat(e.reason()).contains("unknown product"));
    }

    @Test
    void approvedSellsAndALaterCancelGivesTheUnitsBackOnce() {
        OrderCreated order = placed(2);
        inTx(() -> reservations.sell(order.orderId()));
        assertThat(state(order.orderId())).isEqualTo("sold");
        assertThat(available()).isEqualTo(3);
        sent.clear();
        inTx(() -> reservations.release(order.orderId(), 7));
        inTx(() -> reservations.release(order.orderId(), 7));
        assertThat(state(order.orderId())).isEqualTo("released");
        assertThat(available()).isEqualTo(5);
        // Each cancel is confirmed, the repeat too; only the first gave units back.
        assertThat(sent).containsExactly(new StockReleased(order.orderId(), 2), new StockReleased(order.orderId(), 0));
    }

    @Test
    void canceledBeforeApprovedStaysReleased() {
        OrderCreated order = placed(2);
        inTx(() -> reservations.release(order.orderId(), 7));
        inTx(() -> reservations.sell(order.orderId()));
        assertThat(state(order.orderId())).isEqualTo("released");
        assertThat(available()).isEqualTo(5);
    }

    @Test
    void aCancelThatOvertookTheOrderMeansItIsNeverReserved() {
        OrderCreated order = order(2);
        inTx(() -> reservations.release(order.orderId(), 7));
        inTx(() -> reservations.reserve(order));
        assertThat(state(order.orderId())).isEqualTo("canceled");
        assertThat(available()).isEqualTo(5);
        assertThat(sent).containsExactly(new StockReleased(order.orderId(), 0));
    }

    @Test
    void aRejectedOrderCanceledGivesNothingBack() {
        OrderCreated order = placed(9);
        inTx(() -> reservations.release(order.orderId(), 7));
        assertThat(state(order.orderId())).isEqualTo("rejected");
        assertThat(available()).isEqualTo(5);
    }

    @Test
    void approvalWithoutReservationIsRetried() {
        assertThatThrownBy(() -> inTx(() -> reservations.sell(UUID.randomUUID()))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stockNeverGoesBelowZero() {
        for (int i = 0; i < 8; i++) {
            placed(1);
        }
        assertThat(available()).isZero();
        assertThat(sent).filteredOn(ProductReserved.class::isInstance).hasSize(5);
        assertThat(jdbc.sql("select stocked from products").query(BigDecimal.class).single()).isEqualByComparingTo("5");
    }
}
