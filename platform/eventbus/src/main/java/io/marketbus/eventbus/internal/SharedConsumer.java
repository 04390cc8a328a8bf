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
 * Events are handled in a transaction that also records their ids in the inbox; the ack follows the
 * commit. A failing handler is retried with back-off, then dead-lettered; an event the contract
 * rejects is dead-lettered at once.
 */
public final class SharedConsumer<T extends EventPayload> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);
    private static final Duration FETCH_SLACK = Duration.ofMillis(100);
    /** How long to wait for more events once one has arrived: what the server already sent. */
    private static final Duration DRAIN_WAIT = Duration.ofMillis(2);

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
                List<Message> batch = nextBatch(subscription);
                if (!batch.isEmpty()) {
                    process(batch);
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

    /**
     * Waits up to the fetch wait for the first event, then takes what else has already arrived: a
     * batch never waits to fill up, so an idle consumer answers a lone event at once ({@code fetch}
     * would hold it until the batch is full or the wait is over).
     */
    private List<Message> nextBatch(JetStreamSubscription subscription) throws InterruptedException {
        subscription.pullNoWait(settings.batchSize(), FETCH_WAIT);
        List<Message> batch = new ArrayList<>();
        Message next = subscription.nextMessage(FETCH_WAIT.plus(FETCH_SLACK));
        while (next != null) {
            if (next.isJetStream()) {
                batch.add(next);
            }
            if (batch.size() >= settings.batchSize()) {
                break;
            }
            next = subscription.nextMessage(DRAIN_WAIT);
        }
        return batch;
    }

    /** Screens a fetched batch, then handles what passed. */
    void process(List<Message> messages) {
        List<Accepted<T>> accepted = new ArrayList<>(messages.size());
        for (Message message : messages) {
            Accepted<T> ok = screen(message);
            if (ok != null) {
                accepted.add(ok);
            }
        }
        handleTogether(accepted);
    }

    /**
     * Optimistic batching: the events in one transaction, their inbox rows in one round trip, one
     * commit (one disk flush) for all. When a handler fails, the whole transaction rolls back; that
     * event is finished as failed without running again, the events before it are handled again
     * together, and those after it in the next round. Handlers must therefore keep their effects in
     * the transaction (they may run more than once, but commit once). Should a batch not commit, each
     * event is handled alone.
     */
    private void handleTogether(List<Accepted<T>> events) {
        List<Accepted<T>> rest = events;
        while (!rest.isEmpty()) {
            if (rest.size() == 1) {
                finish(rest.getFirst(), handleAlone(rest.getFirst()));
                return;
            }
            List<Accepted<T>> batch = rest;
            BatchFailure failure;
            try {
                failure = tx.execute(status -> {
                    boolean[] first = inbox.firstDeliveries(durable, batch.stream().map(a -> a.event().id()).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).duplicate = !first[i];
                        if (first[i]) {
                            try {
                                run(batch.get(i).event());
                            } catch (RuntimeException e) {
                                status.setRollbackOnly();
                                return new BatchFailure(i, e);
                            }
                        }
                    }
                    return null;
                });
            } catch (RuntimeException commitFailed) {
                log.debug("Batch of {} {} did not commit ({}); handling each alone", batch.size(), eventName,
                        commitFailed.toString());
                batch.forEach(event -> finish(event, handleAlone(event)));
                return;
            }
            if (failure == null) {
                batch.forEach(event -> finish(event, null));
                return;
            }
            finish(batch.get(failure.index()), failure.error());
            handleTogether(batch.subList(0, failure.index()));
            rest = batch.subList(failure.index() + 1, batch.size());
        }
    }

    private record BatchFailure(int index, RuntimeException error) {}

    /** Dead-letters what must not reach a handler; returns the rest, decoded. */
    private Accepted<T> screen(Message message) {
        long delivered = message.metaData().deliveredCount();
        if (delivered > 1) {
            metrics.redelivered(eventName);
        }
        CloudEvent<EventPayload> event;
        try {
            event = codec.decode(message.getData());
        } catch (ContractViolation violation) {
            deadLetter(message, violation.kind().name(), violation.getMessage(), delivered);
            return null;
        }
        if (!event.type().equals(eventName)) {
            deadLetter(message, ContractViolation.Kind.UNKNOWN_TYPE.name(),
                    "Event type " + event.type() + " arrived on the subject of " + eventName, delivered);
            return null;
        }
        if (delivered > settings.maxDeliveries()) {
            deadLetter(message, "MAX_DELIVERIES", "Delivered " + delivered + " times, more than the maximum of "
                    + settings.maxDeliveries() + " (the service may have stopped while handling it)", delivered);
            return null;
        }
        return new Accepted<>(message, cast(event), delivered);
    }

    private RuntimeException handleAlone(Accepted<T> event) {
        try {
            tx.executeWithoutResult(status -> handle(event));
            return null;
        } catch (RuntimeException failure) {
            return failure;
        }
    }

    private void handle(Accepted<T> accepted) {
        accepted.duplicate = !inbox.firstDelivery(durable, accepted.event().id());
        if (!accepted.duplicate) {
            run(accepted.event());
        }
    }

    private void run(CloudEvent<T> event) {
        new RequestContext(event.requestId(), event.traceparent()).run(() -> invokeHandler(event));
    }

    private void finish(Accepted<T> event, RuntimeException failure) {
        Message message = event.message();
        if (failure == null) {
            message.ack();
            metrics.consumed(eventName, event.duplicate ? "duplicate" : "handled");
            return;
        }
        Throwable cause = failure instanceof HandlerFailure ? failure.getCause() : failure;
        if (cause instanceof RejectedEvent rejected) {
            deadLetter(message, "REJECTED", rejected.getMessage(), event.delivered());
        } else if (event.delivered() >= settings.maxDeliveries()) {
            deadLetter(message, "HANDLER_FAILED", cause.toString(), event.delivered());
        } else {
            log.debug("Handler for {} failed on delivery {}; redelivering: {}", eventName, event.delivered(), cause.toString());
            message.nakWithDelay(settings.backoffAfter(event.delivered()));
        }
    }

    /** An event past the screening, on its way through the handler. */
    private static final class Accepted<T extends EventPayload> {
        private final Message message;
        private final CloudEvent<T> event;
        private final long delivered;
        private boolean duplicate;

        Accepted(Message message, CloudEvent<T> event, long delivered) {
            this.message = message;
            this.event = event;
            this.delivered = delivered;
        }

        Message message() {
            return message;
        }

        CloudEvent<T> event() {
            return event;
        }

        long delivered() {
            return delivered;
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
