package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Command: make sure {@code subject:action:resource_type:resource_id} does not exist. */
@EventName("event-remove-policy")
public record RemovePolicy(
        String subject,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        String action) implements EventPayload {}
