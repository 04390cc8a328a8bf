package io.marketbus.payments;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * paymentsvc: wallets, the order saga's debits and refunds, and the ledger of transactions.
 * Started by the launcher through {@link PaymentsService}, or on its own by {@code main}.
 */
@SpringBootApplication
public class PaymentsApplication {

    public static void main(String[] args) {
        new PaymentsService().application().run(args);
    }
}
