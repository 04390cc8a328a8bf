package io.marketbus.orders.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An order as stored and as the API shows it.
 *
 * @param amount price x quantity, once inventory has reserved it (null before)
 * @param reason why inventory could not serve it, or {@code timeout} when its deadline canceled it (null otherwise)
 * @param compensation for a canceled or failed order: {@code pending} until inventorysvc and paymentsvc
 *                     both confirmed that it holds no stock and no money, then {@code confirmed}; null
 *                     when there is nothing to undo
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Order(
        UUID id,
        @JsonProperty("account_id") long accountId,
        @JsonProperty("product_id") UUID productId,
        int quantity,
        OrderStatus status,
        Money amount,
        String reason,
        String compensation,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("updated_at") OffsetDateTime updatedAt) {}
