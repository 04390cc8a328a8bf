package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

@EventName("event-account-created")
public record AccountCreated(@JsonProperty("accnt_id") long accntId, AccountRole role) implements EventPayload {}
