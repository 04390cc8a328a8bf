package io.marketbus.payments.wallets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One movement of money in a wallet: a recharge, an order's debit, or its refund. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record Transaction(UUID id, @JsonProperty("account_id") long accountId, @JsonProperty("order_id") UUID orderId,
                   Kind kind, Money amount, @JsonProperty("balance_after") Money balanceAfter,
                   @JsonProperty("created_at") OffsetDateTime createdAt) {

    enum Kind {
        @com.fasterxml.jackson.annotation.JsonProperty("recharge") RECHARGE,
        @com.fasterxml.jackson.annotation.JsonProperty("debit") DEBIT,
        @com.fasterxml.jackson.annotation.JsonProperty("refund") REFUND;

        String column() {
            return name().toLowerCase();
        }
    }
}
