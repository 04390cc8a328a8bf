package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventHandler;
import io.marketbus.eventbus.RejectedEvent;
import io.marketbus.eventbus.RequestContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads one durable pull consumer ({@code <event>-<service>}), shared by all instances of a service.
 * Each event is handled in a transaction that also records its id in the inbox; the ack follows the
 * commit. A failing handler is retried with back-off, then dead-lettered; an event the contract
 * rejects is dead-lettered at once.
 */
public final class SharedConsumer<T extends EventPayload> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);

    private final String stream;
    private final String durable;
    private final String eventName;
    private final String service;
    private final Class<T> type;
    private final EventHandler<T> handler;
    private final JetStream jetStream;
    private final TransactionTemplate tx;
    private final Inbox inbox;
    private final EventCodec codec;
    private final DeadLetterStream deadLetters;
    private final BusSettings.Consumers settings;
    private final BusMetrics metrics;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    public SharedConsumer(String stream, String durable, String eventName, String service, Class<T> type,
                          EventHandler<T> handler, JetStream jetStream, TransactionTemplate tx, Inbox inbox,
                          EventCodec codec, DeadLetterStream deadLetters, BusSettings.Consumers settings,
                          BusMetrics metrics) {
        this.stream = stream;
        this.durable = durable;
        this.eventName = eventName;
        this.service = service;
        this.type = type;
        this.handler = handler;
        this.jetStream = jetStream;
        this.tx = tx;
        this.inbox = inbox;
        this.codec = codec;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.metrics = metrics;
    }

    public synchronized void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofVirtual().name(durable + "-" + i).start(this::run));
        }
    }

    private void run() {
        JetStreamSubscription subscription = null;
        while (running) {
            try {
                if (subscription == null) {
                    subscription = jetStream.subscribe(null, PullSubscribeOptions.bind(stream, durable));
                }
                for (Message message : subscription.fetch(settings.batchSize(), FETCH_WAIT)) {
                    process(message);
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                log.warn("Consumer {} on {}: {}; retrying", durable, stream, e.toString());
                subscription = null;
                pause(Duration.ofSeconds(1));
            }
        }
    }

    void process(Message message) throws Exception {
        long delivered = message.metaData().deliveredCount();
        if (delivered > 1) {
            metrics.redelivered(eventName);
        }
        CloudEvent<EventPayload> event;
        try {
            event = codec.decode(message.getData());
        } catch (ContractViolation violation) {
            deadLetter(message, violation.kind().name(), violation.getMessage(), delivered);
            return;
        }
        if (!event.type().equals(eventName)) {
            deadLetter(message, ContractViolation.Kind.UNKNOWN_TYPE.name(),
                    "Event type " + event.type() + " arrived on the subject of " + eventName, delivered);
            return;
        }
        if (delivered > settings.maxDeliveries()) {
            deadLetter(message, "MAX_DELIVERIES", "Delivered " + delivered + " times, more than the maximum of "
                    + settings.maxDeliveries() + " (the service may have stopped while handling it)", delivered);
            return;
        }
        CloudEvent<T> typed = cast(event);
        try {
            Boolean first = tx.execute(status -> {
                if (!inbox.firstDelivery(durable, typed.id())) {
                    return false;
                }
                new RequestContext(typed.requestId(), typed.traceparent()).run(() -> invokeHandler(typed));
                return true;
            });
            message.ack();
            metrics.consumed(eventName, Boolean.TRUE.equals(first) ? "handled" : "duplicate");
        } catch (RuntimeException failure) {
            Throwable cause = failure instanceof HandlerFailure ? failure.getCause() : failure;
            if (cause instanceof RejectedEvent rejected) {
                deadLetter(message, "REJECTED", rejected.getMessage(), delivered);
            } else if (delivered >= settings.maxDeliveries()) {
                deadLetter(message, "HANDLER_FAILED", cause.toString(), delivered);
            } else {
                log.debug("Handler for {} failed on delivery {}; redelivering: {}", eventName, delivered, cause.toString());
                message.nakWithDelay(settings.backoffAfter(delivered));
            }
        }
    }

    private void invokeHandler(CloudEvent<T> event) {
        try {
            handler.handle(event);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new HandlerFailure(e);
        }
    }

    private void deadLetter(Message message, String kind, String reason, long delivered) {
        try {
            deadLetters.send(message, service, durable, eventName, kind, reason, delivered);
            message.ack();
            metrics.deadLettered(eventName, kind);
            log.warn("Dead-lettered {} from {} ({}): {}", eventName, durable, kind, reason);
        } catch (Exception e) {
            // The dead-letter stream did not take it: keep the event and try again later.
            log.error("Could not dead-letter {} from {}: {}", eventName, durable, e.toString());
            message.nakWithDelay(settings.backoffAfter(delivered));
        }
    }

    @SuppressWarnings("unchecked")
    private CloudEvent<T> cast(CloudEvent<EventPayload> event) {
        if (!type.isInstance(event.data())) {
            throw new IllegalStateException("Handler for " + eventName + " expects " + type.getName());
        }
        return (CloudEvent<T>) (CloudEvent<?>) event;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Carries a checked exception out of the transaction callback. */
    static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
