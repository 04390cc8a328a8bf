package io.marketbus.orders.order;

/** What can happen to an order: the other services' answers and its customer's cancel. */
enum SagaEvent {
    /** event-product-reserved */
    PRODUCT_RESERVED,
    /** event-err-reserving-product */
    RESERVATION_FAILED,
    /** event-payment, payment_successful */
    PAYMENT_SUCCEEDED,
    /** event-payment, payment_failed */
    PAYMENT_FAILED,
    /** the customer cancels */
    CANCEL_REQUESTED,
    /** the order's deadline passed before the saga ended (see {@link SagaTimers}) */
    DEADLINE_PASSED
}
