package io.marketbus.inventory.grants;

import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What a new account may do here (the original's grants): customers read products, sellers open merchants. */
@Configuration(proxyBeanMethods = false)
class AccountGrants {

    @Bean
    EventSubscriptions accountGrantSubscriptions(Outbox outbox) {
        return bus -> bus.on(AccountCreated.class, e -> {
            String account = Long.toString(e.data().accntId());
            switch (e.data().role()) {
                case CUSTOMER -> outbox.append(account, new UpsertPolicy(account, "products", "*", "get"));
                case SELLER -> outbox.append(account, new UpsertPolicy(account, "merchants", "*", "post"));
                case ADMIN -> { } // the admin role passes every check already
            }
        });
    }
}
