package io.marketbus.orders.order;

import io.marketbus.contract.Money;
import io.marketbus.support.web.Listing;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.VisibleRows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The orders table and its history; callers bring the transaction. */
@Repository
class OrderStore {

    private static final String COLUMNS =
            "id, account_id, product_id, quantity, status, amount, reason, compensation, created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final Listing<Order> listing;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.listing = new Listing<>(jdbc, "orders", COLUMNS, OrderStore::order);
    }

    /** @param deadline when the order is canceled with reason timeout if it is still under way */
    void insert(Order order, OffsetDateTime deadline) {
        jdbc.sql("""
                insert into orders (id, account_id, product_id, quantity, status, amount, reason, version, created_at,
                                    updated_at, deadline_at)
                values (?, ?, ?, ?, ?, null, null, 1, ?, ?, ?)""")
                .params(order.id(), order.accountId(), order.productId(), order.quantity(), order.status().wireName(),
                        order.createdAt(), order.updatedAt(), deadline)
                .update();
        history(order.id(), 1, null, order.status(), "placed", order.createdAt());
    }

    Optional<Order> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from orders where id = ?").param(id).query(OrderStore::order).optional();
    }

    /** The order, locked until commit: transitions of one order are serialised here. */
    Optional<Versioned> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from orders where id = ? for update").param(id)
                .query((rs, n) -> new Versioned(order(rs, n), rs.getInt("version"))).optional();
    }

    void transition(Versioned current, OrderStatus to, SagaEvent cause, Money amount, String reason, OffsetDateTime now) {
        jdbc.sql("""
                update orders set status = ?, amount = coalesce(?, amount), reason = coalesce(?, reason),
                       version = ?, updated_at = ?
                where id = ?""")
                .params(to.wireName(), amount == null ? null : amount.amount(), reason, current.version() + 1, now,
                        current.order().id())
                .update();
        history(current.order().id(), current.version() + 1, current.order().status(), to, cause.name().toLowerCase(), now);
    }

    /** A late answer that changes no status may still tell what the order costs. */
    void rememberAmount(UUID id, Money amount) {
        jdbc.sql("update orders set amount = ? where id = ? and amount is null").params(amount.amount(), id).update();
    }

    Page<Order> list(VisibleRows<UUID> visible, PageRequest page) {
        return listing.page(visible, page);
    }

    /** Every order whose compensation is in this state (pending, confirmed), newest first. */
    Page<Order> compensations(String state, PageRequest page) {
        return listing.page(VisibleRows.everything(), Map.of("compensation", state), page);
    }

    // --- the saga's timers: rows are claimed with skip locked, so instances share the work and never
    // both act on one order; the state machine under the row lock decides (see Orders#apply).

    /** Orders still under way past their deadline, locked until commit. */
    List<UUID> overdue(OffsetDateTime now, int batch) {
        return jdbc.sql("""
                select id from orders where status in ('pending', 'payment_pending') and deadline_at <= ?
                order by deadline_at fetch first ? rows only for update skip locked""")
                .params(now, batch).query(UUID.class).list();
    }

    /** Orders whose compensation is unconfirmed and due to be asked for again, locked until commit. */
    List<Order> compensationsDue(OffsetDateTime now, int batch) {
        return jdbc.sql("select " + COLUMNS + """
                 from orders where compensation = 'pending' and compensation_due_at <= ?
                order by compensation_due_at fetch first ? rows only for update skip locked""")
                .params(now, batch).query(OrderStore::order).list();
    }

    /** The cancel was fired: both confirmations are outstanding, the next ask is due then. */
    void compensationStarted(UUID id, OffsetDateTime due) {
        jdbc.sql("""
                update orders set compensation = 'pending', stock_released = false, refund_confirmed = false,
                       compensation_due_at = ? where id = ?""")
                .params(due, id).update();
    }

    void compensationDue(UUID id, OffsetDateTime due) {
        jdbc.sql("update orders set compensation_due_at = ? where id = ? and compensation = 'pending'").params(due, id)
                .update();
    }

    /** inventorysvc confirmed; confirmed when paymentsvc has too. @return false when no such order */
    boolean stockReleased(UUID id) {
        return confirm(id, "stock_released", "refund_confirmed");
    }

    /** paymentsvc confirmed; confirmed when inventorysvc has too. @return false when no such order */
    boolean refundConfirmed(UUID id) {
        return confirm(id, "refund_confirmed", "stock_released");
    }

    private boolean confirm(UUID id, String half, String otherHalf) {
        // Right-hand sides see the row before the update: the other half decides whether this completes it.
        int updated = jdbc.sql("update orders set " + half + " = true, compensation = case when " + otherHalf
                        + " then 'confirmed' else 'pending' end, compensation_due_at = case when " + otherHalf
                        + " then null else compensation_due_at end where id = ? and compensation = 'pending'")
                .param(id).update();
        return updated == 1 || find(id).isPresent();
    }

    List<String> history(UUID id) {
        return jdbc.sql("select to_status from order_history where order_id = ? order by version").param(id)
                .query(String.class).list();
    }

    private void history(UUID id, int version, OrderStatus from, OrderStatus to, String cause, OffsetDateTime at) {
        jdbc.sql("insert into order_history (order_id, version, from_status, to_status, cause, at) values (?, ?, ?, ?, ?, ?)")
                .params(id, version, from == null ? null : from.wireName(), to.wireName(), cause, at)
                .update();
    }

    private static Order order(ResultSet rs, int row) throws SQLException {
        BigDecimal amount = rs.getBigDecimal("amount");
        return new Order(rs.getObject("id", UUID.class), rs.getLong("account_id"), rs.getObject("product_id", UUID.class),
                rs.getInt("quantity"), OrderStatus.ofWireName(rs.getString("status")),
                amount == null ? null : new Money(amount), rs.getString("reason"), rs.getString("compensation"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    record Versioned(Order order, int version) {}
}
