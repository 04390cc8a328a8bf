package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.UUID;

/** Something worth a human look; {@code accountId} 0 when no account is known. */
@EventName("event-suspicious-activity")
public record SuspiciousActivity(
        @JsonProperty("request_id") UUID requestId,
        @JsonProperty("account_id") long accountId,
        @JsonProperty("resource_type") String resourceType,
        @JsonProperty("resource_id") String resourceId,
        String action,
        String reason,
        Severity severity) implements EventPayload {

    public enum Severity {
        @JsonProperty("low") LOW,
        @JsonProperty("medium") MEDIUM,
        @JsonProperty("high") HIGH
    }
}
