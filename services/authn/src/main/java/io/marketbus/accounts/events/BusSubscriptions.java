package io.marketbus.accounts.events;

import io.marketbus.contract.events.AccountAuthenticated;
import io.marketbus.contract.events.PolicyUpdated;
import io.marketbus.eventbus.EventSubscriptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What this service receives, as its contract says: event-policy-updated and
 * event-account-authenticated, both per instance. The bus refuses to start without a handler for each.
 *
 * <p>They only log for now: they are there for the authz policy cache of each instance. When the
 * account decisions move to the shared authz library ({@code AccountAccess}), its cache adapter takes
 * these two subscriptions over (policy changes, and warming the cache of an account that logged in).
 */
@Configuration(proxyBeanMethods = false)
class BusSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(BusSubscriptions.class);

    @Bean
    EventSubscriptions authnsvcSubscriptions() {
        return bus -> bus
                .onEveryInstance(PolicyUpdated.class, (event, sequence) ->
                        log.debug("Policy updated (revision {}), no policy cache here yet", event.data().revision()))
                .onEveryInstance(AccountAuthenticated.class, (event, sequence) ->
                        log.debug("Account {} authenticated, no policy cache to warm here yet", event.data().accntId()));
    }
}
