package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Order statuses as they appear on the wire. */
public enum OrderStatus {
    @JsonProperty("pending") PENDING
}
