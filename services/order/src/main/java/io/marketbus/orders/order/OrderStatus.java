package io.marketbus.orders.order;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/**
 * Where an order is in the saga. {@code paid}, {@code product_out_of_stock}, {@code failed} and
 * {@code canceled} end the saga; only a customer's cancel still leaves {@code paid} (for
 * {@code canceled}, with a refund).
 */
enum OrderStatus {
    PENDING("pending"),
    PAYMENT_PENDING("payment_pending"),
    PAID("paid"),
    PRODUCT_OUT_OF_STOCK("product_out_of_stock"),
    FAILED("failed"),
    CANCELED("canceled");

    private final String wireName;

    OrderStatus(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    String wireName() {
        return wireName;
    }

    /** Whether the saga has ended for this order (nothing more happens unless its customer cancels a paid one). */
    boolean terminal() {
        return this != PENDING && this != PAYMENT_PENDING;
    }

    static OrderStatus ofWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown order status '" + name + "'"));
    }
}
