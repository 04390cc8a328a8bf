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

    private final OrderStore store;
    private final Outbox outbox;
    private final IssuedPolicies policies;
    private final TransactionTemplate tx;
    private final Clock clock;

    Orders(OrderStore store, Outbox outbox, IssuedPolicies policies, PlatformTransactionManager transactions) {
        this.store = store;
        this.outbox = outbox;
        this.policies = policies;
        this.tx = new TransactionTemplate(transactions);
        this.clock = Clock.systemUTC();
    }

    /** A new pending order; inventory decides whether the product exists and is in stock. */
    Order place(long accountId, UUID productId, int quantity) {
        OffsetDateTime now = StoredTime.now(clock);
        Order order = new Order(UUID.randomUUID(), accountId, productId, quantity, OrderStatus.PENDING, null, null, now, now);
        return tx.execute(status -> {
            store.insert(order);
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
            if (transition.changes()) {
                store.transition(current, transition.to(), event, amount, reason, StoredTime.now(clock));
            } else if (amount != null) {
                store.rememberAmount(orderId, amount);
            }
            Order order = current.order();
            switch (transition.effect()) {
                case APPROVE -> outbox.append(orderId.toString(), new OrderApproved(orderId, order.accountId()));
                case CANCEL -> outbox.append(orderId.toString(), new OrderCanceled(orderId, order.accountId()));
                case NONE, REFUSED -> { }
            }
            return transition;
        }));
    }

    List<String> history(UUID id) {
        return store.history(id);
    }
}
