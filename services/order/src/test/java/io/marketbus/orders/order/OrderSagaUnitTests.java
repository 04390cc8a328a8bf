package io.marketbus.orders.order;

import static io.marketbus.orders.order.OrderSaga.Effect.APPROVE;
import static io.marketbus.orders.order.OrderSaga.Effect.CANCEL;
import static io.marketbus.orders.order.OrderSaga.Effect.NONE;
import static io.marketbus.orders.order.OrderSaga.Effect.REFUSED;
import static io.marketbus.orders.order.OrderStatus.CANCELED;
import static io.marketbus.orders.order.OrderStatus.FAILED;
import static io.marketbus.orders.order.OrderStatus.PAID;
import static io.marketbus.orders.order.OrderStatus.PAYMENT_PENDING;
import static io.marketbus.orders.order.OrderStatus.PENDING;
import static io.marketbus.orders.order.OrderStatus.PRODUCT_OUT_OF_STOCK;
import static io.marketbus.orders.order.SagaEvent.CANCEL_REQUESTED;
import static io.marketbus.orders.order.SagaEvent.DEADLINE_PASSED;
import static io.marketbus.orders.order.SagaEvent.PAYMENT_FAILED;
import static io.marketbus.orders.order.SagaEvent.PAYMENT_SUCCEEDED;
import static io.marketbus.orders.order.SagaEvent.PRODUCT_RESERVED;
import static io.marketbus.orders.order.SagaEvent.RESERVATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The order state machine: every (status, event) pair, then whole histories reordered and repeated. */
class OrderSagaUnitTests {

    static Stream<Arguments> table() {
        return Stream.of(
                // pending: the first answer decides
                Arguments.of(PENDING, PRODUCT_RESERVED, PAYMENT_PENDING, NONE),
                Arguments.of(PENDING, RESERVATION_FAILED, PRODUCT_OUT_OF_STOCK, NONE),
                Arguments.of(PENDING, PAYMENT_SUCCEEDED, PAID, APPROVE),           // payment overtook the reservation
                Arguments.of(PENDING, PAYMENT_FAILED, FAILED, CANCEL),
                Arguments.of(PENDING, CANCEL_REQUESTED, CANCELED, CANCEL),
                Arguments.of(PENDING, DEADLINE_PASSED, CANCELED, CANCEL),           // timeout: stock and money come back
                // payment_pending
                Arguments.of(PAYMENT_PENDING, PRODUCT_RESERVED, PAYMENT_PENDING, NONE), // duplicate
                Arguments.of(PAYMENT_PENDING, RESERVATION_FAILED, PAYMENT_PENDING, NONE), // contradiction: ignored
                Arguments.of(PAYMENT_PENDING, PAYMENT_SUCCEEDED, PAID, APPROVE),
                Arguments.of(PAYMENT_PENDING, PAYMENT_FAILED, FAILED, CANCEL),
                Arguments.of(PAYMENT_PENDING, CANCEL_REQUESTED, CANCELED, CANCEL),
                Arguments.of(PAYMENT_PENDING, DEADLINE_PASSED, CANCELED, CANCEL),
                // paid: only the customer's cancel leaves it
                Arguments.of(PAID, PRODUCT_RESERVED, PAID, NONE),                   // late reservation answer
                Arguments.of(PAID, RESERVATION_FAILED, PAID, NONE),
                Arguments.of(PAID, PAYMENT_SUCCEEDED, PAID, NONE),                  // duplicate: approved once
                Arguments.of(PAID, PAYMENT_FAILED, PAID, NONE),
                Arguments.of(PAID, CANCEL_REQUESTED, CANCELED, CANCEL),             // refund and stock back
                Arguments.of(PAID, DEADLINE_PASSED, PAID, NONE),                     // ended in time: the deadline is moot
                // product_out_of_stock: ended, nothing held
                Arguments.of(PRODUCT_OUT_OF_STOCK, PRODUCT_RESERVED, PRODUCT_OUT_OF_STOCK, NONE),
                Arguments.of(PRODUCT_OUT_OF_STOCK, RESERVATION_FAILED, PRODUCT_OUT_OF_STOCK, NONE),
                Arguments.of(PRODUCT_OUT_OF_STOCK, PAYMENT_SUCCEEDED, PRODUCT_OUT_OF_STOCK, NONE),
                Arguments.of(PRODUCT_OUT_OF_STOCK, PAYMENT_FAILED, PRODUCT_OUT_OF_STOCK, NONE),
                Arguments.of(PRODUCT_OUT_OF_STOCK, CANCEL_REQUESTED, PRODUCT_OUT_OF_STOCK, REFUSED),
                Arguments.of(PRODUCT_OUT_OF_STOCK, DEADLINE_PASSED, PRODUCT_OUT_OF_STOCK, NONE),
                // failed: ended, cancel already fired
                Arguments.of(FAILED, PRODUCT_RESERVED, FAILED, NONE),
                Arguments.of(FAILED, RESERVATION_FAILED, FAILED, NONE),
                Arguments.of(FAILED, PAYMENT_SUCCEEDED, FAILED, NONE),
                Arguments.of(FAILED, PAYMENT_FAILED, FAILED, NONE),
                Arguments.of(FAILED, CANCEL_REQUESTED, FAILED, REFUSED),
                Arguments.of(FAILED, DEADLINE_PASSED, FAILED, NONE),
                // canceled: final; a payment after the cancel is refunded by paymentsvc, not un-canceled here
                Arguments.of(CANCELED, PRODUCT_RESERVED, CANCELED, NONE),
                Arguments.of(CANCELED, RESERVATION_FAILED, CANCELED, NONE),
                Arguments.of(CANCELED, PAYMENT_SUCCEEDED, CANCELED, NONE),
                Arguments.of(CANCELED, PAYMENT_FAILED, CANCELED, NONE),
                Arguments.of(CANCELED, CANCEL_REQUESTED, CANCELED, NONE),
                Arguments.of(CANCELED, DEADLINE_PASSED, CANCELED, NONE));
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} ({3})")
    @MethodSource("table")
    void transition(OrderStatus from, SagaEvent event, OrderStatus to, OrderSaga.Effect effect) {
        OrderSaga.Transition transition = OrderSaga.next(from, event);
        assertThat(transition.from()).isEqualTo(from);
        assertThat(transition.to()).isEqualTo(to);
        assertThat(transition.effect()).isEqualTo(effect);
    }

    @Test
    void theTableCoversEveryPair() {
        assertThat(table()).hasSize(OrderStatus.values().length * SagaEvent.values().length);
    }

    /** Rank of progress: a transition never lowers it. */
    private static int rank(OrderStatus status) {
        return switch (status) {
            case PENDING -> 0;
            case PAYMENT_PENDING -> 1;
            case PAID -> 2;
            case PRODUCT_OUT_OF_STOCK, FAILED, CANCELED -> 3;
        };
    }

    @Test
    void noTransitionMovesBackwardsAndEndedOrdersOnlyLeavePaidForCanceled() {
        for (OrderStatus from : OrderStatus.values()) {
            for (SagaEvent event : SagaEvent.values()) {
                OrderSaga.Transition t = OrderSaga.next(from, event);
                assertThat(rank(t.to())).as(from + " + " + event).isGreaterThanOrEqualTo(rank(from));
                if (from.terminal() && t.changes()) {
                    assertThat(from).isEqualTo(PAID);
                    assertThat(t.to()).isEqualTo(CANCELED);
                }
            }
        }
    }

    // --- whole histories -------------------------------------------------------------------------

    record Outcome(OrderStatus status, Map<OrderSaga.Effect, Integer> fired) {}

    private static Outcome run(List<SagaEvent> events) {
        OrderStatus status = PENDING;
        Map<OrderSaga.Effect, Integer> fired = new EnumMap<>(OrderSaga.Effect.class);
        for (SagaEvent event : events) {
            OrderSaga.Transition t = OrderSaga.next(status, event);
            fired.merge(t.effect(), 1, Integer::sum);
            status = t.to();
        }
        return new Outcome(status, fired);
    }

    private static List<List<SagaEvent>> permutations(List<SagaEvent> events) {
        if (events.isEmpty()) {
            return List.of(List.of());
        }
        List<List<SagaEvent>> all = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            List<SagaEvent> rest = new ArrayList<>(events);
            SagaEvent first = rest.remove(i);
            for (List<SagaEvent> tail : permutations(rest)) {
                List<SagaEvent> p = new ArrayList<>();
                p.add(first);
                p.addAll(tail);
                all.add(p);
            }
        }
        return all;
    }

    /** Runs the events in every order they can arrive in, and checks each outcome. */
    private static void inEveryOrder(List<SagaEvent> events, BiConsumer<List<SagaEvent>, Outcome> check) {
        for (List<SagaEvent> history : permutations(events)) {
            check.accept(history, run(history));
        }
    }

    @Test
    void happyPathInAnyOrderAndWithDuplicatesIsPaidAndApprovedOnce() {
        inEveryOrder(List.of(PRODUCT_RESERVED, PAYMENT_SUCCEEDED, PRODUCT_RESERVED, PAYMENT_SUCCEEDED), (history, outcome) -> {
            assertThat(outcome.status()).as(history.toString()).isEqualTo(PAID);
            assertThat(outcome.fired().get(APPROVE)).as(history.toString()).isEqualTo(1);
            assertThat(outcome.fired()).as(history.toString()).doesNotContainKey(CANCEL);
        });
    }

    @Test
    void failedPaymentInAnyOrderIsFailedAndCanceledOnce() {
        inEveryOrder(List.of(PRODUCT_RESERVED, PAYMENT_FAILED, PAYMENT_FAILED), (history, outcome) -> {
            assertThat(outcome.status()).isEqualTo(FAILED);
            assertThat(outcome.fired().get(CANCEL)).isEqualTo(1);
            assertThat(outcome.fired()).doesNotContainKey(APPROVE);
        });
    }

    @Test
    void outOfStockRepeatedStaysOutOfStockAndFiresNothing() {
        Outcome outcome = run(List.of(RESERVATION_FAILED, RESERVATION_FAILED, CANCEL_REQUESTED));
        assertThat(outcome.status()).isEqualTo(PRODUCT_OUT_OF_STOCK);
        assertThat(outcome.fired()).doesNotContainKeys(APPROVE, CANCEL);
    }

    /**
     * A cancel racing the payment: whichever order the three arrive in, the order ends in exactly one
     * terminal state and cancel is fired at most once. When the cancel came first, the success that
     * follows leaves it canceled (and the cancel event already fired makes paymentsvc refund).
     */
    @Test
    void cancelRacingThePaymentEndsInOneStateWithOneCancel() {
        inEveryOrder(List.of(PRODUCT_RESERVED, PAYMENT_SUCCEEDED, CANCEL_REQUESTED, CANCEL_REQUESTED), (history, outcome) -> {
            assertThat(outcome.status()).as(history.toString()).isEqualTo(CANCELED);
            assertThat(outcome.fired().get(CANCEL)).as(history.toString()).isEqualTo(1);
            boolean paidBeforeCancel = history.indexOf(PAYMENT_SUCCEEDED) < history.indexOf(CANCEL_REQUESTED);
            assertThat(outcome.fired().getOrDefault(APPROVE, 0)).as(history.toString()).isEqualTo(paidBeforeCancel ? 1 : 0);
        });
    }

    @Test
    void everyHistoryEndsTerminalOnceAnAnswerArrivedAndNeverFiresBothOutcomesWithoutACancel() {
        for (SagaEvent a : SagaEvent.values()) {
            for (SagaEvent b : SagaEvent.values()) {
                for (SagaEvent c : SagaEvent.values()) {
                    Outcome outcome = run(List.of(a, b, c));
                    assertThat(outcome.fired().getOrDefault(APPROVE, 0)).isLessThanOrEqualTo(1);
                    assertThat(outcome.fired().getOrDefault(CANCEL, 0)).isLessThanOrEqualTo(1);
                    if (!List.of(a, b, c).contains(CANCEL_REQUESTED)) {
                        assertThat(outcome.fired().getOrDefault(APPROVE, 0) + outcome.fired().getOrDefault(CANCEL, 0))
                                .as(a + ", " + b + ", " + c).isLessThanOrEqualTo(1);
                    }
                    List<SagaEvent> h = List.of(a, b, c);
                    // A payment answer ends the saga; so does a failed reservation (inventory answers once:
                    // reserved and failed for one order never both happen, so that history is not checked).
                    boolean ends = h.contains(PAYMENT_SUCCEEDED) || h.contains(PAYMENT_FAILED)
                            || (h.contains(RESERVATION_FAILED) && !h.contains(PRODUCT_RESERVED));
                    if (ends) {
                        assertThat(outcome.status().terminal()).as(a + ", " + b + ", " + c).isTrue();
                    }
                }
            }
        }
    }
}
