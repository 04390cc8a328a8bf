package io.marketbus.contract.events;

/**
 * The data of an event. Sealed so that the contract tests can walk every payload type, and each
 * one carries its event name in {@link EventName}.
 */
public sealed interface EventPayload permits
        AccountCreated, AccountDeleted, AccountRevoked, AccountAuthenticated,
        UpsertPolicy, RemovePolicy, PolicyUpdated,
        OrderCreated, OrderCanceled, OrderApproved,
        ProductReserved, ErrReservingProduct, Payment,
        StockReleased, PaymentRefunded,
        SuspiciousActivity {

    /** The event name of a payload type, e.g. {@code event-order-created}. */
    static String nameOf(Class<? extends EventPayload> type) {
        EventName name = type.getAnnotation(EventName.class);
        if (name == null) {
            throw new IllegalStateException(type.getName() + " lacks @EventName");
        }
        return name.value();
    }

    /** This payload's event name. */
    default String eventName() {
        return nameOf(getClass());
    }
}
