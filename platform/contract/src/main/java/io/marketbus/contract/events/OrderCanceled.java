package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

@EventName("event-order-canceled")
public record OrderCanceled(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId) implements EventPayload {}
