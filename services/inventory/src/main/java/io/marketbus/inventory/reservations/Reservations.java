package io.marketbus.inventory.reservations;

import io.marketbus.contract.Money;
import io.marketbus.contract.events.ErrReservingProduct;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.contract.events.StockReleased;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.database.StoredTime;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Stock held for orders, one row per order whatever event arrived first, so that each movement
 * happens once: a reservation is taken once, sold once, given back once. The handlers run in the
 * bus's transaction (with its inbox); the row's primary key and lock serialise two events of one
 * order, and the conditional update on the product makes concurrent orders unable to oversell.
 */
@Service
class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    static final String HELD = "held";
    static final String SOLD = "sold";
    static final String RELEASED = "released";
    static final String REJECTED = "rejected";
    static final String CANCELED = "canceled";

    private final JdbcClient jdbc;
    private final Outbox outbox;

    Reservations(JdbcClient jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** event-order-created: take the stock, or say why not. */
    void reserve(OrderCreated order) {
        OffsetDateTime now = StoredTime.now();
        // Claim the order first: a concurrent or earlier event for it (a cancel that overtook the order,
        // or a redelivery under a new id) makes this insert wait for it or find it.
        int claimed = jdbc.sql("""
                insert into reservations (order_id, product_id, account_id, quantity, state, created_at, updated_at)
                values (?, ?, ?, ?, 'claimed', ?, ?) on conflict do nothing""")
                .params(order.orderId(), order.productId(), order.accountId(), order.quantity(), now, now)
                .update();
        if (claimed == 0) {
            log.info("Order {} already has a reservation ({}); nothing to reserve", order.orderId(),
                    state(order.orderId()).orElse("?"));
            return;
        }
        Optional<BigDecimal> price = jdbc.sql("select price from products where id = ?").param(order.productId())
                .query(BigDecimal.class).optional();
        if (price.isEmpty()) {
            reject(order, "unknown product " + order.productId(), now);
            return;
        }
        // The only way stock leaves "available": never below zero, whatever runs concurrently.
        int taken = jdbc.sql("""
                update products set available = available - ?, updated_at = ?
                where id = ? and available >= ?""")
                .params(order.quantity(), now, order.productId(), order.quantity())
                .update();
        if (taken == 0) {
            reject(order, "out of stock: " + order.quantity() + " requested", now);
            return;
        }
        Money payable = new Money(price.get()).times(order.quantity());
        jdbc.sql("update reservations set state = ?, amount = ?, updated_at = ? where order_id = ?")
                .params(HELD, payable.amount(), now, order.orderId()).update();
        outbox.append(order.orderId().toString(), new ProductReserved(order.orderId(), order.accountId(), payable));
    }

    /** event-order-approved: the held units are sold. */
    void sell(UUID orderId) {
        String state = lock(orderId).orElseThrow(() ->
                // Approval follows a reservation this service committed; its absence is a hiccup, so retry.
                new IllegalStateException("No reservation for approved order " + orderId + " yet"));
        if (HELD.equals(state)) {
            move(orderId, SOLD);
        } else {
            log.info("Order {} approved while its reservation is {}: nothing to sell", orderId, state);
        }
    }

    /**
     * event-order-canceled: give back what is held or was sold; remember a cancel that came first.
     * Every cancel, a repeat too, is confirmed with event-stock-released: ordersvc asks again until
     * it hears it, and after this the order holds no stock here, now or later.
     */
    void release(UUID orderId, long accountId) {
        outbox.append(orderId.toString(), new StockReleased(orderId, giveBack(orderId, accountId)));
    }

    /** @return the units given back now (0 when nothing was held, or they came back before) */
    private int giveBack(UUID orderId, long accountId) {
        OffsetDateTime now = StoredTime.now();
        int marked = jdbc.sql("""
                insert into reservations (order_id, product_id, account_id, quantity, state, created_at, updated_at)
                values (?, null, ?, 0, ?, ?, ?) on conflict do nothing""")
                .params(orderId, accountId, CANCELED, now, now)
                .update();
        if (marked == 1) {
            log.info("Order {} canceled before it arrived here: it will not be reserved", orderId);
            return 0;
        }
        String state = lock(orderId).orElseThrow();
        if (!HELD.equals(state) && !SOLD.equals(state)) {
            return 0;
        }
        int quantity = jdbc.sql("select quantity from reservations where order_id = ?").param(orderId)
                .query(Integer.class).single();
        jdbc.sql("""
                update products set available = available + ?, updated_at = ?
                where id = (select product_id from reservations where order_id = ?)""")
                .params(quantity, now, orderId).update();
        move(orderId, RELEASED);
        return quantity;
    }

    private void reject(OrderCreated order, String reason, OffsetDateTime now) {
        jdbc.sql("update reservations set state = ?, reason = ?, updated_at = ? where order_id = ?")
                .params(REJECTED, reason, now, order.orderId()).update();
        outbox.append(order.orderId().toString(), new ErrReservingProduct(order.orderId(), reason));
    }

    private Optional<String> lock(UUID orderId) {
        return jdbc.sql("select state from reservations where order_id = ? for update").param(orderId)
                .query(String.class).optional();
    }

    private Optional<String> state(UUID orderId) {
        return jdbc.sql("select state from reservations where order_id = ?").param(orderId).query(String.class).optional();
    }

    private void move(UUID orderId, String state) {
        jdbc.sql("update reservations set state = ?, updated_at = ? where order_id = ?")
                .params(state, StoredTime.now(), orderId).update();
    }
}
