package io.marketbus.payments.wallets;

import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.contract.events.OrderCanceled;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.support.authz.IssuedPolicies;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** New accounts get a wallet; the order saga's reservations are charged and its cancels refunded. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentSettings.class)
class PaymentReactions {

    @Bean
    EventSubscriptions paymentSubscriptions(Ledger ledger, OrderPayments payments, IssuedPolicies policies,
            PaymentSettings settings) {
        return bus -> bus
                .on(AccountCreated.class, e -> {
                    long account = e.data().accntId();
                    ledger.open(account, settings.opening());
                    // The original's grant: customers may recharge (post transactions).
                    if (e.data().role() == AccountRole.CUSTOMER) {
                        String subject = Long.toString(account);
                        policies.grant(subject, "transactions", "*", "post");
                    }
                })
                .on(ProductReserved.class, e -> payments.charge(e.data()))
                .on(OrderCanceled.class, e -> payments.refund(e.data().orderId(), e.data().accountId()));
    }
}
