package io.marketbus.eventbus.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import java.io.IOException;

/** Sends the events of one consumer that it gives up on to the dead letters, and counts them. */
final class DeadLettering {

    private final DeadLetterStream stream;
    private final BusMetrics metrics;
    private final String service;
    private final String consumer;
    private final String eventName;

    DeadLettering(ConsumerRuntime runtime, String consumer, String eventName) {
        this.stream = runtime.deadLetters();
        this.metrics = runtime.metrics();
        this.service = runtime.settings().service().busName();
        this.consumer = consumer;
        this.eventName = eventName;
    }

    void send(Message message, String kind, String reason, long deliveries) throws IOException, JetStreamApiException {
        stream.send(message, service, consumer, eventName, kind, reason, deliveries);
        metrics.deadLettered(eventName, kind);
    }

    String consumer() {
        return consumer;
    }

    String eventName() {
        return eventName;
    }
}
