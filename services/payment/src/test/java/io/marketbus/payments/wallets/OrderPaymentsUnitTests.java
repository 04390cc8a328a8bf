package io.marketbus.payments.wallets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.Money;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.contract.events.Payment;
import io.marketbus.contract.events.PaymentRefunded;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.support.authz.IssuedPolicies;
import io.marketbus.eventbus.Outbox;
import io.marketbus.testkit.EmbeddedTestDatabase;
import io.marketbus.testkit.SentEvents;
import java.math.BigDecimal;
import java.time.Duration;
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
 * Debits and refunds per order in every arrival order, on the embedded database the service uses by
 * default (H2 in PostgreSQL mode, the service's own migration), each event in a transaction as the
 * bus runs it.
 */
class OrderPaymentsUnitTests {

    static final long ACCOUNT = 42;

    final List<EventPayload> sent = new ArrayList<>();
    final Outbox outbox = SentEvents.into(sent)::apply;
    JdbcClient jdbc;
    Ledger ledger;
    OrderPayments payments;
    TransactionTemplate tx;
    DataSource h2;

    @BeforeEach
    void database() {
        h2 = EmbeddedTestDatabase.migrated("paymentsvc");
        jdbc = JdbcClient.create(h2);
        tx = new TransactionTemplate(new DataSourceTransactionManager(h2));
        ledger = new Ledger(jdbc, IssuedPolicies.inDatabase(outbox, h2, Duration.ofMinutes(15)));
        payments = payments(h2, Duration.ofSeconds(60));
        inTx(() -> ledger.open(ACCOUNT, Money.of("100.00")));
    }

    OrderPayments payments(DataSource db, Duration walletGrace) {
        return new OrderPayments(jdbc, ledger, outbox, new PaymentSettings("100.00", walletGrace),
                new DataSourceTransactionManager(db));
    }

    void inTx(Runnable work) {
        tx.executeWithoutResult(s -> work.run());
    }

    ProductReserved reserved(String amount) {
        return new ProductReserved(UUID.randomUUID(), ACCOUNT, Money.of(amount));
    }

    BigDecimal balance() {
        return jdbc.sql("select balance from wallets where account_id = ?").param(ACCOUNT).query(BigDecimal.class).single();
    }

    List<Payment> outcomes() {
        return sent.stream().filter(Payment.class::isInstance).map(Payment.class::cast).toList();
    }

    @Test
    void debitsExactlyAndGrantsTheOwnerTheTransaction() {
        ProductReserved order = reserved("33.33");
        inTx(() -> payments.charge(order));
        assertThat(balance()).isEqualByComparingTo("66.67");
        assertThat(outcomes()).singleElement().isEqualTo(new Payment(order.orderId(), ACCOUNT, Payment.Status.PAYMENT_SUCCESSFUL));
        assertThat(sent).filteredOn(UpsertPolicy.class::isInstance).singleElement()
                .satisfies(p -> assertThat(((UpsertPolicy) p).action()).isEqualTo("get"));
    }

    @Test
    void theSameReservationTwiceIsChargedOnce() {
        ProductReserved order = reserved("10.00");
        inTx(() -> payments.charge(order));
        inTx(() -> payments.charge(order));
        assertThat(balance()).isEqualByComparingTo("90.00");
        assertThat(outcomes()).hasSize(1);
    }

    @Test
    void whatTheWalletDoesNotCoverIsDeclined() {
        ProductReserved order = reserved("100.01");
        inTx(() -> payments.charge(order));
        assertThat(balance()).isEqualByComparingTo("100.00");
        assertThat(outcomes()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(Payment.Status.PAYMENT_FAILED));
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        assertThat(balance()).isEqualByComparingTo("100.00");
    }

    @Test
    void aCanceledPaidOrderIsRefundedOnce() {
        ProductReserved order = reserved("99.99");
        inTx(() -> payments.charge(order));
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        assertThat(balance()).isEqualByComparingTo("100.00");
        assertThat(jdbc.sql("select kind from transactions order by created_at").query(String.class).list())
                .containsExactlyInAnyOrder("debit", "refund");
    }

    @Test
    void aCancelThatOvertookTheReservationMeansItIsNeverCharged() {
        ProductReserved order = reserved("10.00");
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        inTx(() -> payments.charge(order));
        assertThat(balance()).isEqualByComparingTo("100.00");
        assertThat(outcomes()).isEmpty();
        assertThat(jdbc.sql("select state from payments where order_id = ?").param(order.orderId()).query(String.class).single())
                .isEqualTo("canceled");
    }

    @Test
    void aWalletNotYetOpenIsWaitedForThenDeclined() {
        ProductReserved order = new ProductReserved(UUID.randomUUID(), 77, Money.of("1.00"));
        assertThatThrownBy(() -> inTx(() -> payments.charge(order))).isInstanceOf(IllegalStateException.class);
        assertThat(jdbc.sql("select count(*) from payments").query(Long.class).single()).as("rolled back").isZero();
        // The first sighting outlived the rollback: the grace runs from it.
        assertThat(jdbc.sql("select count(*) from wallet_waits").query(Long.class).single()).isOne();
        assertThatThrownBy(() -> inTx(() -> payments.charge(order))).isInstanceOf(IllegalStateException.class);
        OrderPayments noGrace = payments(h2, Duration.ZERO);
        inTx(() -> noGrace.charge(order));
        assertThat(outcomes()).singleElement().satisfies(p -> assertThat(p.status()).isEqualTo(Payment.Status.PAYMENT_FAILED));
        assertThat(jdbc.sql("select count(*) from wallet_waits").query(Long.class).single()).isZero();
    }

    @Test
    void everyCancelIsConfirmedWithWhatWentBack() {
        ProductReserved order = reserved("12.34");
        inTx(() -> payments.charge(order));
        sent.clear();
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        inTx(() -> payments.refund(order.orderId(), ACCOUNT));
        ProductReserved never = reserved("1.00");
        inTx(() -> payments.refund(never.orderId(), ACCOUNT));
        assertThat(sent).filteredOn(PaymentRefunded.class::isInstance).containsExactly(
                new PaymentRefunded(order.orderId(), ACCOUNT, Money.of("12.34")),
                new PaymentRefunded(order.orderId(), ACCOUNT, Money.ZERO),
                new PaymentRefunded(never.orderId(), ACCOUNT, Money.ZERO));
    }

    @Test
    void concurrentDebitsNeverOverdraw() throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ProductReserved order = reserved("7.00");
            threads.add(Thread.ofVirtual().start(() -> inTx(() -> payments.charge(order))));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(outcomes()).filteredOn(p -> p.status() == Payment.Status.PAYMENT_SUCCESSFUL).hasSize(14);
        assertThat(balance()).isEqualByComparingTo("2.00");
    }
}
