package io.marketbus.inventory.reservations;

import io.marketbus.contract.events.OrderApproved;
import io.marketbus.contract.events.OrderCanceled;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.eventbus.EventSubscriptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The order saga's events, as stock movements. */
@Configuration(proxyBeanMethods = false)
class ReservationReactions {

    @Bean
    EventSubscriptions reservationSubscriptions(Reservations reservations) {
        return bus -> bus
                .on(OrderCreated.class, e -> reservations.reserve(e.data()))
                .on(OrderApproved.class, e -> reservations.sell(e.data().orderId()))
                .on(OrderCanceled.class, e -> reservations.release(e.data().orderId(), e.data().accountId()));
    }
}
