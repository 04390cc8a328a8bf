package io.marketbus.orders.order;

import io.marketbus.contract.events.ErrReservingProduct;
import io.marketbus.contract.events.Payment;
import io.marketbus.contract.events.PaymentRefunded;
import io.marketbus.contract.events.ProductReserved;
import io.marketbus.contract.events.StockReleased;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.RejectedEvent;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The other services' answers, applied to the order's state machine. Each handler runs in the bus's
 * transaction with its inbox record, so a redelivered event is skipped; a repeated or late answer
 * with a new id is absorbed by the state machine.
 */
@Configuration(proxyBeanMethods = false)
class SagaReactions {

    private static final Logger log = LoggerFactory.getLogger(SagaReactions.class);

    @Bean
    EventSubscriptions orderSagaSubscriptions(Orders orders) {
        return bus -> bus
                .on(ProductReserved.class, e -> apply(orders, e.data().orderId(), SagaEvent.PRODUCT_RESERVED, e.data()))
                .on(ErrReservingProduct.class, e -> {
                    OrderSaga.Transition t = orders.apply(e.data().orderId(), SagaEvent.RESERVATION_FAILED, null,
                            e.data().reason()).orElseThrow(() -> unknown(e.data().orderId()));
                    log.debug("Order {}: {} -> {}", e.data().orderId(), t.from(), t.to());
                })
                .on(Payment.class, e -> apply(orders, e.data().orderId(),
                        e.data().status() == Payment.Status.PAYMENT_SUCCESSFUL
                                ? SagaEvent.PAYMENT_SUCCEEDED : SagaEvent.PAYMENT_FAILED, null))
                // A cancel's compensation is confirmed half by half; repeats confirm again, harmlessly.
                .on(StockReleased.class, e -> {
                    if (!orders.stockReleased(e.data().orderId())) {
                        throw unknown(e.data().orderId());
                    }
                })
                .on(PaymentRefunded.class, e -> {
                    if (!orders.refundConfirmed(e.data().orderId())) {
                        throw unknown(e.data().orderId());
                    }
                });
    }

    private static void apply(Orders orders, UUID orderId, SagaEvent event, ProductReserved reserved) {
        OrderSaga.Transition t = orders.apply(orderId, event, reserved == null ? null : reserved.payble(), null)
                .orElseThrow(() -> unknown(orderId));
        log.debug("Order {} on {}: {} -> {} ({})", orderId, event, t.from(), t.to(), t.effect());
    }

    /** Answers only come for orders this service created and committed: another one is not ours. */
    private static RejectedEvent unknown(UUID orderId) {
        return new RejectedEvent("No order " + orderId);
    }
}
