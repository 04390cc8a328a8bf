package io.marketbus.payments.wallets;

import io.marketbus.contract.Money;
import io.marketbus.support.authz.IssuedPolicies;
import io.marketbus.support.database.StoredTime;
import io.marketbus.support.web.Listing;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.VisibleRows;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Wallet balances and the transactions that moved them, always changed together in the caller's
 * transaction. Balances move only by conditional updates on the wallet row, so concurrent debits
 * can never take a wallet below zero.
 */
@Repository
class Ledger {

    /** Well inside numeric(19,2): a recharge that would pass it is refused rather than overflowing. */
    static final BigDecimal MAX_BALANCE = new BigDecimal("999999999999.99");

    private static final String COLUMNS = "id, account_id, order_id, kind, amount, balance_after, created_at";

    private final JdbcClient jdbc;
    private final IssuedPolicies policies;
    private final Listing<Transaction> listing;

    Ledger(JdbcClient jdbc, IssuedPolicies policies) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.listing = new Listing<>(jdbc, "transactions", COLUMNS, Ledger::transaction);
    }

    /** @return false when the account has a wallet already */
    boolean open(long accountId, Money openingBalance) {
        OffsetDateTime now = StoredTime.now();
        return jdbc.sql("""
                insert into wallets (account_id, balance, opening_balance, created_at, updated_at)
                values (?, ?, ?, ?, ?) on conflict do nothing""")
                .params(accountId, openingBalance.amount(), openingBalance.amount(), now, now)
                .update() == 1;
    }

    Optional<Wallet> wallet(long accountId) {
        return jdbc.sql("select account_id, balance from wallets where account_id = ?").param(accountId)
                .query((rs, n) -> new Wallet(rs.getLong(1), new Money(rs.getBigDecimal(2)))).optional();
    }

    /** The wallet, locked until commit. */
    Optional<Wallet> lock(long accountId) {
        return jdbc.sql("select account_id, balance from wallets where account_id = ? for update").param(accountId)
                .query((rs, n) -> new Wallet(rs.getLong(1), new Money(rs.getBigDecimal(2)))).optional();
    }

    /** Adds to the wallet; empty when there is no wallet or the balance would pass {@link #MAX_BALANCE}. */
    Optional<Transaction> credit(long accountId, UUID orderId, Transaction.Kind kind, Money amount) {
        int updated = jdbc.sql("""
                update wallets set balance = balance + ?, updated_at = ?
                where account_id = ? and balance + ? <= ?""")
                .params(amount.amount(), StoredTime.now(), accountId, amount.amount(), MAX_BALANCE)
                .update();
        return updated == 0 ? Optional.empty() : Optional.of(record(accountId, orderId, kind, amount));
    }

    /** Takes from the wallet if it covers the amount; empty when it does not (or there is no wallet). */
    Optional<Transaction> debit(long accountId, UUID orderId, Money amount) {
        int updated = jdbc.sql("""
                update wallets set balance = balance - ?, updated_at = ?
                where account_id = ? and balance >= ?""")
                .params(amount.amount(), StoredTime.now(), accountId, amount.amount())
                .update();
        return updated == 0 ? Optional.empty() : Optional.of(record(accountId, orderId, Transaction.Kind.DEBIT, amount));
    }

    Optional<Transaction> transaction(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from transactions where id = ?").param(id)
                .query(Ledger::transaction).optional();
    }

    Page<Transaction> transactions(VisibleRows<UUID> visible, PageRequest page) {
        return listing.page(visible, page);
    }

    /** Writes the transaction with the balance it left, and lets its owner read it. */
    private Transaction record(long accountId, UUID orderId, Transaction.Kind kind, Money amount) {
        BigDecimal balance = jdbc.sql("select balance from wallets where account_id = ?").param(accountId)
                .query(BigDecimal.class).single();
        Transaction transaction = new Transaction(UUID.randomUUID(), accountId, orderId, kind, amount, new Money(balance),
                StoredTime.now());
        jdbc.sql("""
                insert into transactions (id, account_id, order_id, kind, amount, balance_after, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(transaction.id(), accountId, orderId, kind.column(), amount.amount(), balance,
                        transaction.createdAt())
                .update();
        String owner = Long.toString(accountId);
        // The owner reads it from the next request on, on every instance (read-your-writes).
        policies.grant(owner, "transactions", transaction.id().toString(), "get");
        return transaction;
    }

    private static Transaction transaction(ResultSet rs, int row) throws SQLException {
        return new Transaction(rs.getObject("id", UUID.class), rs.getLong("account_id"),
                rs.getObject("order_id", UUID.class), Transaction.Kind.valueOf(rs.getString("kind").toUpperCase()),
                new Money(rs.getBigDecimal("amount")), new Money(rs.getBigDecimal("balance_after")),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
