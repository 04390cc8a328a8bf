package io.marketbus.eventbus;

/**
 * How the bus delivered an event, which the sender cannot choose: the subject it arrived on and its
 * place in the stream. For an address with a sender parameter the subject names the sender (the bus
 * permissions let only that service publish on it; {@link io.marketbus.contract.EventDefinition#senderOf}
 * reads it), and the stream sequence orders events by their receipt, not by the sender's clock.
 *
 * @param subject        the contract subject, without namespace, e.g. {@code authzsvc.event-upsert-policy.ordersvc}
 * @param streamSequence the event's sequence in its stream (increasing in the order the stream received events)
 */
public record Receipt(String subject, long streamSequence) {}
