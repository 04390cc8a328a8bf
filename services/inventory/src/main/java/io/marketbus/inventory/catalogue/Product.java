package io.marketbus.inventory.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A product of a merchant, with the quantity orders may still reserve. */
record Product(UUID id, @JsonProperty("merchant_id") UUID merchantId, String name, String description, Money price,
               int available, @JsonProperty("created_at") OffsetDateTime createdAt,
               @JsonProperty("updated_at") OffsetDateTime updatedAt) {}
