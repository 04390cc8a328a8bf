package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A policy was added ({@code put}) or removed ({@code delete}); {@code revision} orders all changes. */
@EventName("event-policy-updated")
public record PolicyUpdated(
        Method method,
        String subject,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        String action,
        long revision) implements EventPayload {

    public enum Method {
        @JsonProperty("put") PUT,
        @JsonProperty("delete") DELETE
    }
}
