package io.marketbus.eventbus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;

/**
 * An {@link EventHandler} that also needs how the event arrived ({@link Receipt}): who sent it, for a
 * subject that names its sender, and its order of receipt. Same transaction, inbox and failure rules.
 */
@FunctionalInterface
public interface ReceiptHandler<T extends EventPayload> {
    void handle(CloudEvent<T> event, Receipt receipt) throws Exception;
}
