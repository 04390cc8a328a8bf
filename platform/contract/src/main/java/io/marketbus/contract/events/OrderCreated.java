package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

@EventName("event-order-created")
public record OrderCreated(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("order_status") OrderStatus orderStatus,
        @JsonProperty("account_id") long accountId,
        @JsonProperty("product_id") UUID productId,
        int quantity) implements EventPayload {}
