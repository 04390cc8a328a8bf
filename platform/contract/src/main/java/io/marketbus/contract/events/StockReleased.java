package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** inventorysvc's confirmation of an event-order-canceled: the order holds no stock any more. */
@EventName("event-stock-released")
public record StockReleased(
        @JsonProperty("order_id") UUID orderId,
        /* units given back by this cancel; 0 when nothing was held (or it was given back before) */
        int quantity) implements EventPayload {}
