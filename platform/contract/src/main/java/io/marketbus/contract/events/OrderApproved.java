package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

@EventName("event-order-approved")
public record OrderApproved(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId) implements EventPayload {}
