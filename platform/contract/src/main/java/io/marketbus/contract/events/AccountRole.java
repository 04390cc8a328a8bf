package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum AccountRole {
    @JsonProperty("customer") CUSTOMER,
    @JsonProperty("seller") SELLER,
    @JsonProperty("admin") ADMIN
}
