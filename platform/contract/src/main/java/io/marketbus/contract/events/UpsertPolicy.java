package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Command: make sure {@code subject:action:resource_type:resource_id} exists. */
@EventName("event-upsert-policy")
public record UpsertPolicy(
        String subject,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        String action) implements EventPayload {}
