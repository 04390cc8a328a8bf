package io.marketbus.eventbus.internal;

import io.marketbus.contract.EventDefinition;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
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
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ordered, non-durable consumer of one subject for this instance alone, from "now" on (or from
 * the handler's {@link BroadcastHandler#replay} ago): every instance of every service sees every
 * event (used for authz cache updates and revoked accounts).
 */
public final class BroadcastConsumer<T extends EventPayload> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BroadcastConsumer.class);

    private final Connection connection;
    private final JetStream jetStream;
    private final String subject;
    private final String stream;
    private final String eventName;
    private final BroadcastHandler<T> handler;
    private final EventDecoder<T> decoder;
    private final DeadLettering deadLetters;
    private final BusMetrics metrics;
    private final BusObservations observations;
    private Dispatcher dispatcher;

    public BroadcastConsumer(Subscription<T, BroadcastHandler<T>> subscription, ConsumerRuntime runtime) {
        this.connection = runtime.connection();
        this.jetStream = runtime.jetStream();
        this.subject = runtime.settings().namespace().subject(subscription.subject());
        this.stream = runtime.settings().namespace().stream(EventDefinition.streamOfSubject(subscription.subject()));
        this.eventName = subscription.event().name();
        this.handler = subscription.handler();
        this.decoder = new EventDecoder<>(runtime.codec(), eventName, subscription.type());
        this.deadLetters = new DeadLettering(runtime,
                eventName + "-" + runtime.settings().service().busName() + "-broadcast", eventName);
        this.metrics = runtime.metrics();
        this.observations = runtime.observations();
    }

    public synchronized void start() throws Exception {
        dispatcher = connection.createDispatcher();
        Duration replay = handler.replay();
        ConsumerConfiguration configuration = replay.isPositive()
                ? ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.ByStartTime)
                        .startTime(ZonedDateTime.now(ZoneOffset.UTC).minus(replay)).build()
                : ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build();
        PushSubscribeOptions options = PushSubscribeOptions.builder()
                // Named, not looked up by subject: a secured bus gives services no stream listing.
                .stream(stream)
                .ordered(true)
                .configuration(configuration)
                .build();
        JetStreamSubscription ignored = jetStream.subscribe(subject, dispatcher, this::onMessage, false, options);
    }

    /**
     * The connection was re-established: events may have been missed in between. The ordered
     * consumer is made again (the client's own recovery may start it from "new" only after a
     * heartbeat alarm, losing what was published in between, seen in PartitionIntegrationTests),
     * then the handler drops what it derived: from here on it hears every event.
     */
    public void reset() {
        synchronized (this) {
            close();
            try {
                start();
            } catch (Exception e) {
                log.error("Could not subscribe to {} again after a reconnect: {}", subject, e.toString());
            }
        }
        handler.onReset();
    }

    private void onMessage(Message message) {
        long sequence = message.metaData().streamSequence();
        CloudEvent<T> event;
        try {
            event = decoder.decode(message);
        } catch (ContractViolation violation) {
            try {
                // Every instance dead-letters it under the same message id, so it is stored once.
                deadLetters.send(message, violation.kind().name(), violation.getMessage(), 1);
            } catch (Exception e) {
                log.error("Could not dead-letter a broadcast {}: {}", eventName, e.toString());
            }
            try {
                handler.onUndecodable(message.getData());
            } catch (RuntimeException e) {
                log.error("Broadcast handler for {} failed on an undecodable event; resetting it: {}", eventName, e.toString());
                handler.onReset();
            }
            return;
        }
        try {
            observations.handle(eventName, event.traceparent(), () -> handler.handle(event, sequence));
            metrics.consumed(eventName, "broadcast");
        } catch (RuntimeException e) {
            // No redelivery on an ordered consumer: the handler's state may now lag, so it is reset.
            log.error("Broadcast handler for {} failed at sequence {}; resetting it: {}", eventName, sequence, e.toString());
            handler.onReset();
        } catch (Error e) {
            // Not rethrown: it would end the connection's dispatcher thread, and with it every
            // broadcast of this instance. Counted, and the handler reset as for any failure.
            metrics.handlerError(eventName, e.getClass().getSimpleName());
            log.error("Broadcast handler for {} threw {} at sequence {}; resetting it", eventName, e, sequence, e);
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
