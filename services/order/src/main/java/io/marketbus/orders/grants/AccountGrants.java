package io.marketbus.orders.grants;

import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.support.authz.IssuedPolicies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a new account may do with orders: a customer may place them (the original's grant). */
@Configuration(proxyBeanMethods = false)
class AccountGrants {

    @Bean
    EventSubscriptions accountGrantSubscriptions(IssuedPolicies policies) {
        return bus -> bus.on(AccountCreated.class, e -> {
            if (e.data().role() == AccountRole.CUSTOMER) {
                String account = Long.toString(e.data().accntId());
                policies.grant(account, "orders", "*", "post");
            }
        });
    }
}
