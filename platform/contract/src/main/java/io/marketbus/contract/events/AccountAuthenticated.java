package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

@EventName("event-account-authenticated")
public record AccountAuthenticated(@JsonProperty("accnt_id") long accntId) implements EventPayload {}
