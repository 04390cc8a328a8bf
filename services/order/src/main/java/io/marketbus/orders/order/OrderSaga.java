package io.marketbus.orders.order;

import static io.marketbus.orders.order.OrderStatus.CANCELED;
import static io.marketbus.orders.order.OrderStatus.FAILED;
import static io.marketbus.orders.order.OrderStatus.PAID;
import static io.marketbus.orders.order.OrderStatus.PAYMENT_PENDING;
import static io.marketbus.orders.order.OrderStatus.PENDING;
import static io.marketbus.orders.order.OrderStatus.PRODUCT_OUT_OF_STOCK;

/**
 * The order's state machine, as one total function of (status, event). Events travel on different
 * streams and consumers, so they may arrive late, twice, or in another order (event-payment before
 * event-product-reserved); the rules are therefore:
 * <ul>
 *   <li>an event never moves an order backwards: once past a status, an answer meant for it is ignored;</li>
 *   <li>the first outcome wins: a canceled order stays canceled even when the payment succeeds after
 *       (the event-order-canceled it fired makes paymentsvc refund);</li>
 *   <li>each outcome (approve, cancel) is fired by the one transition that reaches its status, so it
 *       is fired exactly once.</li>
 * </ul>
 */
final class OrderSaga {

    private OrderSaga() {}

    /**
     * What an order in {@code status} does on {@code event}. The deadline cancels only what is still
     * under way; once canceled by it, a late reservation or payment finds the order canceled and is
     * undone by the event-order-canceled it fired (stock released, debit refunded), never approved.
     */
    static Transition next(OrderStatus status, SagaEvent event) {
        return switch (status) {
            case PENDING, PAYMENT_PENDING -> switch (event) {
                case PRODUCT_RESERVED -> advance(status, PAYMENT_PENDING);
                // Inventory answers each order once; reserved and failed both arriving is impossible.
                case RESERVATION_FAILED -> status == PENDING ? Transition.to(status, PRODUCT_OUT_OF_STOCK, Effect.NONE)
                        : Transition.unchanged(status);
                // The payment may overtake the reservation's answer: it implies the reservation.
                case PAYMENT_SUCCEEDED -> Transition.to(status, PAID, Effect.APPROVE);
                case PAYMENT_FAILED -> Transition.to(status, FAILED, Effect.CANCEL);
                case CANCEL_REQUESTED, DEADLINE_PASSED -> Transition.to(status, CANCELED, Effect.CANCEL);
            };
            // The customer may still cancel a paid order: refund and stock come back.
            case PAID -> event == SagaEvent.CANCEL_REQUESTED
                    ? Transition.to(status, CANCELED, Effect.CANCEL) : Transition.unchanged(status);
            // Nothing was held or charged: there is nothing to cancel.
            case PRODUCT_OUT_OF_STOCK, FAILED -> event == SagaEvent.CANCEL_REQUESTED
                    ? Transition.refused(status) : Transition.unchanged(status);
            // Cancel twice is the same cancel; late answers change nothing.
            case CANCELED -> Transition.unchanged(status);
        };
    }

    /** PRODUCT_RESERVED moves pending on, and changes nothing where it is already reflected. */
    private static Transition advance(OrderStatus status, OrderStatus target) {
        return status == target ? Transition.unchanged(status) : Transition.to(status, target, Effect.NONE);
    }

    /** What a transition makes the order service tell the others. */
    enum Effect {
        NONE,
        /** fire event-order-approved */
        APPROVE,
        /** fire event-order-canceled */
        CANCEL,
        /** the customer's cancel is refused: the order ended without anything to undo */
        REFUSED
    }

    /**
     * @param from   the status before
     * @param to     the status after (equal to {@code from} when nothing changes)
     * @param effect what to fire
     */
    record Transition(OrderStatus from, OrderStatus to, Effect effect) {

        static Transition to(OrderStatus from, OrderStatus to, Effect effect) {
            return new Transition(from, to, effect);
        }

        static Transition unchanged(OrderStatus status) {
            return new Transition(status, status, Effect.NONE);
        }

        static Transition refused(OrderStatus status) {
            return new Transition(status, status, Effect.REFUSED);
        }

        boolean changes() {
            return from != to;
        }
    }
}
