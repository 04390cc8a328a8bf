package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;
import java.util.UUID;

/** Stock is reserved; {@code payble} (the original's spelling) = price x quantity, exact. */
@EventName("event-product-reserved")
public record ProductReserved(
        @JsonProperty("order_id") UUID orderId,
        @JsonProperty("account_id") long accountId,
        Money payble) implements EventPayload {}
