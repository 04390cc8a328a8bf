package io.marketbus.contract.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The account's access tokens issued at or before {@code revokedAt} are no longer honoured by any
 * service (the account was deleted, or lost a role its tokens still carry).
 */
@EventName("event-account-revoked")
public record AccountRevoked(@JsonProperty("accnt_id") long accntId,
                             @JsonProperty("revoked_at") Instant revokedAt) implements EventPayload {}
