package io.marketbus.testkit;

import io.marketbus.contract.events.EventPayload;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * An outbox stand-in for unit tests: what a store appends is kept in a list, in order
 * ({@code Outbox outbox = SentEvents.into(sent)::apply}).
 */
public final class SentEvents {

    private SentEvents() {}

    public static BiFunction<String, EventPayload, UUID> into(List<EventPayload> sent) {
        return (aggregateId, event) -> {
            sent.add(event);
            return UUID.randomUUID();
        };
    }
}
