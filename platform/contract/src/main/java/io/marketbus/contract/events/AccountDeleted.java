package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

@EventName("event-account-deleted")
public record AccountDeleted(@JsonProperty("accnt_id") long accntId) implements EventPayload {}
