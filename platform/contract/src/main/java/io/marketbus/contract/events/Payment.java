package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

@EventName("event-payment")
public record Payment(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId,
        Status status) implements EventPayload {

    public enum Status {
        @JsonProperty("payment_successful") PAYMENT_SUCCESSFUL,
        @JsonProperty("payment_failed") PAYMENT_FAILED
    }
}
