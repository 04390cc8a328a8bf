package io.marketbus.eventbus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;

/**
 * Handles one event. For shared (durable) consumers it runs inside a database transaction that also
 * records the event id, so an event is handled once even when delivered twice; throwing rolls the
 * transaction back and the event is redelivered after a back-off, then dead-lettered.
 */
@FunctionalInterface
public interface EventHandler<T extends EventPayload> {
    void handle(CloudEvent<T> event) throws Exception;
}
