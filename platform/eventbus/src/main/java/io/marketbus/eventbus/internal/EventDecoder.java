package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.EventPayload;
import io.nats.client.Message;

/** Decodes a delivery on the subject of one event and checks that it is that event. */
final class EventDecoder<T extends EventPayload> {

    private final EventCodec codec;
    private final String eventName;
    private final Class<T> type;

    EventDecoder(EventCodec codec, String eventName, Class<T> type) {
        this.codec = codec;
        this.eventName = eventName;
        this.type = type;
    }

    /** @throws ContractViolation when the bytes break the contract or carry another event */
    CloudEvent<T> decode(Message message) {
        CloudEvent<EventPayload> event = codec.decode(message.getData());
        if (!event.type().equals(eventName) || !type.isInstance(event.data())) {
            throw new ContractViolation(ContractViolation.Kind.UNKNOWN_TYPE,
                    "Event type " + event.type() + " arrived on the subject of " + eventName);
        }
        @SuppressWarnings("unchecked")
        CloudEvent<T> typed = (CloudEvent<T>) (CloudEvent<?>) event;
        return typed;
    }
}
