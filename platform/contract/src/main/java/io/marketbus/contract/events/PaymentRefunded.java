package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;
import java.util.UUID;

/** paymentsvc's confirmation of an event-order-canceled: the order holds no money any more. */
@EventName("event-payment-refunded")
public record PaymentRefunded(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId,
        /* what this cancel gave back; 0.00 when nothing was charged (or it was refunded before) */
        Money amount) implements EventPayload {}
