package io.marketbus.payments.wallets;

import io.marketbus.contract.Money;
import io.marketbus.contract.events.Payment;
import io.marketbus.contract.events.PaymentRefunded;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.database.StoredTime;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The order saga's money: one payment row per order, whatever arrived first, so that an order is
 * charged at most once and refunded at most once. A cancel that overtakes the reservation leaves a
 * {@code canceled} row behind, and the reservation that follows is then not charged at all.
 * Runs in the bus's transactions (with the inbox); the row's key and lock serialise two events of one order.
 */
@Service
class OrderPayments {

    private static final Logger log = LoggerFactory.getLogger(OrderPayments.class);

    static final String DEBITED = "debited";
    static final String DECLINED = "declined";
    static final String REFUNDED = "refunded";
    static final String CANCELED = "canceled";

    private final JdbcClient jdbc;
    private final Ledger ledger;
    private final Outbox outbox;
    private final Duration walletGrace;
    private final TransactionTemplate ownTransaction;
    private final Clock clock = Clock.systemUTC();

    OrderPayments(JdbcClient jdbc, Ledger ledger, Outbox outbox, PaymentSettings settings,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.outbox = outbox;
        this.walletGrace = settings.walletGrace();
        this.ownTransaction = new TransactionTemplate(transactions);
        // The first sighting must outlive the handler's transaction, which rolls back to retry.
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * event-product-reserved: charge the customer's wallet if it covers the amount. Without a wallet
     * it is retried for the wallet grace counted from when this service first saw the order (stored),
     * not from the event's time: a backlog older than the grace must not decline a new customer.
     */
    void charge(ProductReserved reserved) {
        UUID orderId = reserved.orderId();
        long account = reserved.accountId();
        Money amount = reserved.payble();
        OffsetDateTime now = StoredTime.now(clock);
        int claimed = jdbc.sql("""
                insert into payments (order_id, account_id, amount, state, created_at, updated_at)
                values (?, ?, ?, 'claimed', ?, ?) on conflict do nothing""")
                .params(orderId, account, amount.amount(), now, now)
                .update();
        if (claimed == 0) {
            log.info("Order {} has a payment already ({}): not charged again", orderId, state(orderId).orElse("?"));
            return;
        }
        if (ledger.lock(account).isEmpty()) {
            if (Duration.between(firstSeen(orderId, account), clock.instant()).compareTo(walletGrace) < 0) {
                // Its event-account-created may still be on the way: roll back and let the bus retry.
                throw new IllegalStateException("No wallet for account " + account + " yet");
            }
            forgetSighting(orderId);
            decline(orderId, account, "no wallet");
            return;
        }
        forgetSighting(orderId);
        boolean paid = amount.amount().signum() == 0 || ledger.debit(account, orderId, amount).isPresent();
        if (!paid) {
            decline(orderId, account, "insufficient funds");
            return;
        }
        settle(orderId, DEBITED, null);
        outbox.append(orderId.toString(), new Payment(orderId, account, Payment.Status.PAYMENT_SUCCESSFUL));
    }

    /**
     * event-order-canceled: refund a debit once; remember a cancel that came before the reservation.
     * Every cancel, a repeat too, is confirmed with event-payment-refunded (ordersvc asks again until
     * it hears it); after this the order holds no money here, now or later. A refund that cannot be
     * made throws, so nothing is confirmed and the order stays listed as pending compensation.
     */
    void refund(UUID orderId, long accountId) {
        outbox.append(orderId.toString(), new PaymentRefunded(orderId, accountId, giveBack(orderId, accountId)));
    }

    /** @return what went back now (zero when nothing was charged, or it went back before) */
    private Money giveBack(UUID orderId, long accountId) {
        OffsetDateTime now = StoredTime.now(clock);
        int marked = jdbc.sql("""
                insert into payments (order_id, account_id, amount, state, created_at, updated_at)
                values (?, ?, null, ?, ?, ?) on conflict do nothing""")
                .params(orderId, accountId, CANCELED, now, now)
                .update();
        if (marked == 1) {
            log.info("Order {} canceled before its reservation arrived: it will not be charged", orderId);
            return Money.ZERO;
        }
        record Row(String state, long account, BigDecimal amount) {}
        Row row = jdbc.sql("select state, account_id, amount from payments where order_id = ? for update").param(orderId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3))).single();
        if (!DEBITED.equals(row.state())) {
            return Money.ZERO; // declined, refunded already, or canceled twice: nothing was taken that is still held
        }
        Money amount = new Money(row.amount());
        if (amount.amount().signum() > 0) {
            ledger.credit(row.account(), orderId, Transaction.Kind.REFUND, amount).orElseThrow(() ->
                    new IllegalStateException("Cannot refund order " + orderId + " to wallet " + row.account()));
        }
        settle(orderId, REFUNDED, null);
        return amount;
    }

    /** When this service first saw the order waiting for its wallet, committed at once. */
    private Instant firstSeen(UUID orderId, long account) {
        return ownTransaction.execute(status -> {
            jdbc.sql("""
                    insert into wallet_waits (order_id, account_id, first_seen_at) values (?, ?, ?)
                    on conflict do nothing""")
                    .params(orderId, account, StoredTime.now(clock)).update();
            return jdbc.sql("select first_seen_at from wallet_waits where order_id = ?").param(orderId)
                    .query(OffsetDateTime.class).single().toInstant();
        });
    }

    private void forgetSighting(UUID orderId) {
        jdbc.sql("delete from wallet_waits where order_id = ?").param(orderId).update();
    }

    private void decline(UUID orderId, long account, String reason) {
        settle(orderId, DECLINED, reason);
        outbox.append(orderId.toString(), new Payment(orderId, account, Payment.Status.PAYMENT_FAILED));
    }

    private void settle(UUID orderId, String state, String reason) {
        jdbc.sql("update payments set state = ?, reason = ?, updated_at = ? where order_id = ?")
                .params(state, reason, StoredTime.now(clock), orderId).update();
    }

    private Optional<String> state(UUID orderId) {
        return jdbc.sql("select state from payments where order_id = ?").param(orderId).query(String.class).optional();
    }
}
