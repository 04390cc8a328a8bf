package io.marketbus.orders.order;

import io.marketbus.authz.VisibleIds;
import io.marketbus.contract.Money;
import io.marketbus.contract.events.OrderApproved;
import io.marketbus.contract.events.OrderCanceled;
import io.marketbus.contract.events.OrderCreated;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.authz.IssuedPolicies;
import io.marketbus.support.database.StoredTime;
import io.marketbus.support.web.Page;
import io.marketbus.support.web.PageRequest;
import io.marketbus.support.web.VisibleRows;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places orders and moves them through the saga. Every change and the events it causes commit
 * together (outbox), and each transition holds the order's row lock, so concurrent answers and a
 * customer's cancel are applied one after the other, each to the status the previous one left.
 */
@Service
class Orders {

    /** The order's reason when its deadline canceled it (as in event-order-canceled). */
    static final String TIMEOUT = "timeout";

    private final OrderStore store;
    private final Outbox outbox;
    private final IssuedPolicies policies;
    private final TransactionTemplate tx;
    private final OrderSettings settings;
    private final Clock clock;

    Orders(OrderStore store, Outbox outbox, IssuedPolicies policies, PlatformTransactionManager transactions,
            OrderSettings settings) {
        this.store = store;
        this.outbox = outbox;
        this.policies = policies;
        this.tx = new TransactionTemplate(transactions);
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** A new pending order; inventory decides whether the product exists and is in stock. */
    Order place(long accountId, UUID productId, int quantity) {
        OffsetDateTime now = StoredTime.now(clock);
        Order order = new Order(UUID.randomUUID(), accountId, productId, quantity, OrderStatus.PENDING, null, null, null,
                now, now);
        return tx.execute(status -> {
            // The timer is the row itself: it survives any restart, and any instance may fire it.
            store.insert(order, now.plus(settings.deadline()));
            String id = order.id().toString();
            outbox.append(id, new OrderCreated(order.id(), io.marketbus.contract.events.OrderStatus.PENDING, accountId,
                    productId, quantity));
            // The customer may read and cancel what they ordered, from the next request on, on every
            // instance (read-your-writes); nobody else may.
            String owner = Long.toString(accountId);
            policies.grant(owner, "orders", id, "get");
            policies.grant(owner, "orders", id, "cancel");
            return order;
        });
    }

    Optional<Order> find(UUID id) {
        return store.find(id);
    }

    /** The orders the caller may see, newest first; policies may name ids that are no orders here: they match nothing. */
    Page<Order> list(VisibleIds visible, PageRequest page) {
        return store.list(VisibleRows.ofUuids(visible), page);
    }

    /**
     * Applies a saga event to an order (in the caller's transaction when there is one: the event
     * handler's, with its inbox record).
     *
     * @param amount what inventory says it costs (PRODUCT_RESERVED), else null
     * @param reason why inventory could not serve it (RESERVATION_FAILED), else null
     * @return the transition, or empty when there is no such order
     */
    Optional<OrderSaga.Transition> apply(UUID orderId, SagaEvent event, Money amount, String reason) {
        return tx.execute(status -> store.lock(orderId).map(current -> {
            OrderSaga.Transition transition = OrderSaga.next(current.order().status(), event);
            OffsetDateTime now = StoredTime.now(clock);
            if (transition.changes()) {
                store.transition(current, transition.to(), event, amount,
                        event == SagaEvent.DEADLINE_PASSED ? TIMEOUT : reason, now);
            } else if (amount != null) {
                store.rememberAmount(orderId, amount);
            }
            Order order = current.order();
            switch (transition.effect()) {
                case APPROVE -> outbox.append(orderId.toString(), new OrderApproved(orderId, order.accountId()));
                case CANCEL -> {
                    outbox.append(orderId.toString(), new OrderCanceled(orderId, order.accountId(), cancelReason(event)));
                    store.compensationStarted(orderId, now.plus(settings.compensationRetry()));
                }
                case NONE, REFUSED -> { }
            }
            return transition;
        }));
    }

    List<String> history(UUID id) {
        return store.history(id);
    }

    /** Cancels the orders whose deadline passed (this instance's share of them). @return how many */
    int expireOverdue() {
        return tx.execute(status -> {
            List<UUID> overdue = store.overdue(StoredTime.now(clock), settings.timerBatch());
            overdue.forEach(id -> apply(id, SagaEvent.DEADLINE_PASSED, null, null));
            return overdue.size();
        });
    }

    /**
     * Fires event-order-canceled again for every cancel still unconfirmed after the retry period:
     * the receivers answer a repeat as the first, so whatever was lost on the way is made good.
     *
     * @return how many were asked again
     */
    int retryCompensations() {
        return tx.execute(status -> {
            OffsetDateTime now = StoredTime.now(clock);
            List<Order> due = store.compensationsDue(now, settings.timerBatch());
            for (Order order : due) {
                outbox.append(order.id().toString(), new OrderCanceled(order.id(), order.accountId(), cancelReason(order)));
                store.compensationDue(order.id(), now.plus(settings.compensationRetry()));
            }
            return due.size();
        });
    }

    /** event-stock-released. @return false when there is no such order */
    boolean stockReleased(UUID orderId) {
        return tx.execute(status -> store.stockReleased(orderId));
    }

    /** event-payment-refunded. @return false when there is no such order */
    boolean refundConfirmed(UUID orderId) {
        return tx.execute(status -> store.refundConfirmed(orderId));
    }

    /** The orders whose compensation is pending (or confirmed), for operators. */
    Page<Order> compensations(String state, PageRequest page) {
        return store.compensations(state, page);
    }

    private static OrderCanceled.Reason cancelReason(SagaEvent cause) {
        return switch (cause) {
            case DEADLINE_PASSED -> OrderCanceled.Reason.TIMEOUT;
            case PAYMENT_FAILED -> OrderCanceled.Reason.PAYMENT_FAILED;
            default -> OrderCanceled.Reason.CUSTOMER;
        };
    }

    /** The reason of a cancel fired before, from what the order shows of it. */
    private static OrderCanceled.Reason cancelReason(Order order) {
        if (order.status() == OrderStatus.FAILED) {
            return OrderCanceled.Reason.PAYMENT_FAILED;
        }
        return TIMEOUT.equals(order.reason()) ? OrderCanceled.Reason.TIMEOUT : OrderCanceled.Reason.CUSTOMER;
    }
}
