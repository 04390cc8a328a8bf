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
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The orders table and its history; callers bring the transaction. */
@Repository
class OrderStore {

    private static final String COLUMNS =
            "id, account_id, product_id, quantity, status, amount, reason, created_at, updated_at, version";

    private final JdbcClient jdbc;
    private final Listing<Order> listing;

    OrderStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.listing = new Listing<>(jdbc, "orders", COLUMNS, OrderStore::order);
    }

    void insert(Order order) {
        jdbc.sql("""
                insert into orders (id, account_id, product_id, quantity, status, amount, reason, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, null, null, 1, ?, ?)""")
                .params(order.id(), order.accountId(), order.productId(), order.quantity(), order.status().wireName(),
                        order.createdAt(), order.updatedAt())
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
                amount == null ? null : new Money(amount), rs.getString("reason"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }

    record Versioned(Order order, int version) {}
}
