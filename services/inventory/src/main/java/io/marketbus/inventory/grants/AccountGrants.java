package io.marketbus.inventory.grants;

import io.marketbus.contract.events.AccountCreated;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.support.authz.IssuedPolicies;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a new account may do here (the original's grants): customers read products, sellers open merchants. */
@Configuration(proxyBeanMethods = false)
class AccountGrants {

    @Bean
    EventSubscriptions accountGrantSubscriptions(IssuedPolicies policies) {
        return bus -> bus.on(AccountCreated.class, e -> {
            String account = Long.toString(e.data().accntId());
            switch (e.data().role()) {
                case CUSTOMER -> policies.grant(account, "products", "*", "get");
                case SELLER -> policies.grant(account, "merchants", "*", "post");
                case ADMIN -> { } // the admin role passes every check already
            }
        });
    }
}
