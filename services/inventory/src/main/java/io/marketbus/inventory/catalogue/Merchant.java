package io.marketbus.inventory.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A shop on the marketplace; the seller who created it administers it. */
record Merchant(UUID id, String name, @JsonProperty("owner_id") long ownerId,
                @JsonProperty("created_at") OffsetDateTime createdAt) {}
