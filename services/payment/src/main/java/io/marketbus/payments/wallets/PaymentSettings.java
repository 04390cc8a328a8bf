package io.marketbus.payments.wallets;

import io.marketbus.contract.Money;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.payments.*}.
 *
 * @param openingBalance what a new wallet holds (the original gave 100.0)
 * @param walletGrace    how long a reservation for an account without a wallet is retried before it is declined,
 *                       counted from when paymentsvc first saw it (stored), not from the event's time
 */
@ConfigurationProperties("marketbus.payments")
record PaymentSettings(@DefaultValue("100.00") String openingBalance, @DefaultValue("60s") Duration walletGrace) {

    Money opening() {
        return Money.of(openingBalance);
    }
}
