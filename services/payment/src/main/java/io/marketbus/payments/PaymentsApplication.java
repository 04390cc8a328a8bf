package io.marketbus.payments;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** paymentsvc: wallets, the order saga's debits and refunds, and the ledger of transactions. */
@SpringBootApplication
public class PaymentsApplication {

    /** This service as an application of its own, ready to {@code run} (see {@link PaymentsService}). */
    public static SpringApplicationBuilder builder() {
        return new PaymentsService().application();
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
