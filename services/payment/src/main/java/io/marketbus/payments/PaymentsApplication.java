package io.marketbus.payments;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** paymentsvc: wallets, the order saga's debits and refunds, and the ledger of transactions. */
@SpringBootApplication
public class PaymentsApplication {

    /** Configured from {@code paymentsvc.properties}: five services share one class path, not one config. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PaymentsApplication.class).properties("spring.config.name=paymentsvc");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
