package io.marketbus.eventbus;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;
import java.time.Duration;

/**
 * Handles an event that every instance sees (per-instance delivery), such as cache updates. No
 * transaction, no inbox: the handler must be idempotent on its own.
 */
public interface BroadcastHandler<T extends EventPayload> {

    void handle(CloudEvent<T> event, long streamSequence);

    /** This instance's subscription was (re)created and may have missed events: drop derived state. */
    default void onReset() {}

    /**
     * An event of this type arrived that cannot be decoded (it has been dead-lettered): the state
     * derived from such events may now miss it. {@code data} is the message as it arrived.
     */
    default void onUndecodable(byte[] data) {}

    /**
     * How far back this instance's consumer starts: zero (the default) for events from its start on;
     * more when the handler's state must also know what happened shortly before (e.g. revocations
     * still in force), which it is then handed first.
     */
    default Duration replay() {
        return Duration.ZERO;
    }
}
