package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

@EventName("event-err-reserving-product")
public record ErrReservingProduct(@JsonProperty("order_id") UUID orderId, String reason) implements EventPayload {}
