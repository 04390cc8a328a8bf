package io.marketbus.eventbus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;

/**
 * Handles an event that every instance sees (per-instance delivery), such as cache updates. No
 * transaction, no inbox: the handler must be idempotent on its own.
 */
public interface BroadcastHandler<T extends EventPayload> {

    void handle(CloudEvent<T> event, long streamSequence);

    /** This instance's subscription was (re)created and may have missed events: drop derived state. */
    default void onReset() {}
}
