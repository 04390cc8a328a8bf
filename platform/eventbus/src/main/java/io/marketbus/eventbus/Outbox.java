package io.marketbus.eventbus;

import io.marketbus.contract.events.EventPayload;
import java.util.UUID;

/**
 * Where a service puts the events of a state change, in the same database transaction as the
 * change. The relay publishes them to JetStream after commit; a rollback discards them.
 */
public interface Outbox {

    /**
     * Stores the event for publishing.
     *
     * @param aggregateId what the event is about (events of one aggregate are published in order)
     * @return the event id
     * @throws IllegalStateException when no transaction is active
     * @throws io.marketbus.contract.ContractViolation when this service may not send the event or it
     *         does not match its schema (the transaction then rolls back)
     */
    UUID append(String aggregateId, EventPayload event);
}
