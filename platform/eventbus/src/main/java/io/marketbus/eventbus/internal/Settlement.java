package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.RejectedEvent;
import io.nats.client.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a shared consumer answers JetStream for each delivery: ack once handled, redeliver with
 * back-off after a failure, dead-letter when it is rejected or out of deliveries; hold it (answer
 * nothing yet) when the failure was the database's.
 */
final class Settlement {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);

    private final DeadLettering deadLetters;
    private final BusSettings.Consumers settings;
    private final BusMetrics metrics;

    Settlement(DeadLettering deadLetters, BusSettings.Consumers settings, BusMetrics metrics) {
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.metrics = metrics;
    }

    /**
     * @param failure what the handler threw, or null when the event committed
     * @return false when the event is held, not settled: its failure was the database's (see
     *         {@link InfrastructureFaults}), so it is retried in this instance without using up a delivery
     */
    boolean finish(AcceptedEvent<?> event, Throwable failure) {
        Message message = event.message;
        String eventName = deadLetters.eventName();
        if (failure == null) {
            message.ack();
            metrics.consumed(eventName, event.duplicate ? "duplicate" : "handled");
            return true;
        }
        if (failure instanceof Error error) {
            // Counted and kept with its stack: an Error is a bug worth seeing, but only this event's failure.
            metrics.handlerError(eventName, error.getClass().getSimpleName());
            log.error("Handler for {} threw {} on delivery {}", eventName, error, event.delivered, error);
        }
        if (failure instanceof RejectedEvent rejected) {
            deadLetter(message, "REJECTED", rejected.getMessage(), event.delivered);
        } else if (InfrastructureFaults.isInfrastructure(failure)) {
            metrics.infrastructureFault(eventName);
            log.debug("Handler for {} failed on the database; holding it: {}", eventName, failure.toString());
            message.inProgress();
            return false;
        } else if (event.delivered >= settings.maxDeliveries()) {
            deadLetter(message, "HANDLER_FAILED", failure.toString(), event.delivered);
        } else {
            log.debug("Handler for {} failed on delivery {}; redelivering: {}", eventName, event.delivered,
                    failure.toString());
            message.nakWithDelay(settings.backoffAfter(event.delivered));
        }
        return true;
    }

    void deadLetter(Message message, String kind, String reason, long delivered) {
        try {
            deadLetters.send(message, kind, reason, delivered);
            message.ack();
            log.warn("Dead-lettered {} from {} ({}): {}", deadLetters.eventName(), deadLetters.consumer(), kind, reason);
        } catch (Exception e) {
            // The dead-letter stream did not take it: keep the event and try again later.
            log.error("Could not dead-letter {} from {}: {}", deadLetters.eventName(), deadLetters.consumer(), e.toString());
            message.nakWithDelay(settings.backoffAfter(delivered));
        }
    }
}
