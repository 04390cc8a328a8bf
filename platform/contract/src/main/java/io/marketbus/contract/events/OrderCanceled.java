package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/**
 * The order is canceled: stock and money it holds go back. Fired again (a new event id) while a
 * compensation is unconfirmed, so receivers must treat a repeat as the same cancel.
 */
@EventName("event-order-canceled")
public record OrderCanceled(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId,
        Reason reason) implements EventPayload {

    public enum Reason {
        /** its customer canceled it */
        @JsonProperty("customer") CUSTOMER,
        /** the wallet could not pay */
        @JsonProperty("payment_failed") PAYMENT_FAILED,
        /** the saga did not end within its deadline */
        @JsonProperty("timeout") TIMEOUT
    }
}
