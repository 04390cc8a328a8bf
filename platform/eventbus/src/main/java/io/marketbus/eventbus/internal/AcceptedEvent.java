package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.Receipt;
import io.nats.client.Message;

/** A delivery past the screening, on its way through the handler. */
final class AcceptedEvent<T extends EventPayload> {

    final Message message;
    final CloudEvent<T> event;
    final Receipt receipt;
    final long delivered;
    /** Set once the inbox has answered: the event was handled before, so its effects were skipped. */
    boolean duplicate;

    AcceptedEvent(Message message, CloudEvent<T> event, Receipt receipt, long delivered) {
        this.message = message;
        this.event = event;
        this.receipt = receipt;
        this.delivered = delivered;
    }
}
