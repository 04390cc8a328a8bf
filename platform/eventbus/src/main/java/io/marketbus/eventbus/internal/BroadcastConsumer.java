package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.BroadcastHandler;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered, non-durable consumer of one subject for this instance alone, from "now" on: every
 * instance of every service sees every event (used for authz cache updates).
 */
public final class BroadcastConsumer<T extends EventPayload> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BroadcastConsumer.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final String subject;
    private final String eventName;
    private final String service;
    private final Class<T> type;
    private final BroadcastHandler<T> handler;
    private final EventCodec codec;
    private final DeadLetterStream deadLetters;
    private final BusMetrics metrics;
    private Dispatcher dispatcher;

    public BroadcastConsumer(Connection connection, JetStream jetStream, String subject, String eventName,
                             String service, Class<T> type, BroadcastHandler<T> handler, EventCodec codec,
                             DeadLetterStream deadLetters, BusMetrics metrics) {
        this.connection = connection;
        this.jetStream = jetStream;
        this.subject = subject;
        this.eventName = eventName;
        this.service = service;
        this.type = type;
        this.handler = handler;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    public synchronized void start() throws Exception {
        dispatcher = connection.createDispatcher();
        PushSubscribeOptions options = PushSubscribeOptions.builder()
                .ordered(true)
                .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                .build();
        JetStreamSubscription ignored = jetStream.subscribe(subject, dispatcher, this::onMessage, false, options);
    }

    /** The connection was re-established: events may have been missed in between. */
    public void reset() {
        handler.onReset();
    }

    private void onMessage(Message message) {
        long sequence = message.metaData().streamSequence();
        CloudEvent<EventPayload> event;
        try {
            event = codec.decode(message.getData());
            if (!type.isInstance(event.data())) {
                throw new ContractViolation(ContractViolation.Kind.UNKNOWN_TYPE,
                        "Event type " + event.type() + " arrived on the subject of " + eventName);
            }
        } catch (ContractViolation violation) {
            try {
                // Every instance dead-letters it under the same message id, so it is stored once.
                deadLetters.send(message, service, eventName + "-" + service + "-broadcast", eventName,
                        violation.kind().name(), violation.getMessage(), 1);
                metrics.deadLettered(eventName, violation.kind().name());
            } catch (Exception e) {
                log.error("Could not dead-letter a broadcast {}: {}", eventName, e.toString());
            }
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            CloudEvent<T> typed = (CloudEvent<T>) (CloudEvent<?>) event;
            handler.handle(typed, sequence);
            metrics.consumed(eventName, "broadcast");
        } catch (RuntimeException e) {
            // No redelivery on an ordered consumer: the handler's state may now lag, so it is reset.
            log.error("Broadcast handler for {} failed at sequence {}; resetting it: {}", eventName, sequence, e.toString());
            handler.onReset();
        }
    }

    @Override
    public synchronized void close() {
        if (dispatcher != null) {
            connection.closeDispatcher(dispatcher);
            dispatcher = null;
        }
    }
}
