package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.Receipt;
import io.marketbus.eventbus.ReceiptHandler;
import io.nats.client.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one durable pull consumer ({@code <event>-<service>}), shared by all instances of a service.
 * Events are handled in a transaction that also records their ids in the inbox; the ack follows the
 * commit. A failing handler is retried with back-off, then dead-lettered; an event the contract
 * rejects is dead-lettered at once.
 */
public final class SharedConsumer<T extends EventPayload> implements AutoCloseable {

    private final String eventName;
    private final int maxDeliveries;
    private final BusMetrics metrics;
    private final EventDecoder<T> decoder;
    private final Settlement settlement;
    private final HandlerTransactions<T> transactions;
    private final PullWorkers workers;
    private final Namespace namespace;
    private final DatabaseOutage outage;
    private final BusSettings.Consumers consumers;
    private volatile boolean running = true;

    public SharedConsumer(Subscription<T, ReceiptHandler<T>> subscription, ConsumerRuntime runtime) {
        BusSettings settings = runtime.settings();
        EventDefinition event = subscription.event();
        String stream = settings.namespace().stream(EventDefinition.streamOfSubject(subscription.subject()));
        String durable = BusProvisioner.durableName(event, settings.service());
        this.eventName = event.name();
        this.maxDeliveries = settings.consumers().maxDeliveries();
        this.metrics = runtime.metrics();
        this.decoder = new EventDecoder<>(runtime.codec(), eventName, subscription.type());
        this.settlement = new Settlement(new DeadLettering(runtime, durable, eventName), settings.consumers(), metrics);
        this.transactions = new HandlerTransactions<>(runtime, durable, subscription.handler(), settlement);
        this.namespace = settings.namespace();
        this.consumers = settings.consumers();
        this.outage = new DatabaseOutage(durable, eventName, consumers, metrics);
        this.workers = new PullWorkers(runtime.jetStream(), stream, durable, consumers, this::process,
                () -> metrics.loopRestarted(eventName));
    }

    public void start() {
        workers.start();
    }

    /**
     * Screens a fetched batch, then handles what passed; what the database failed under is held and
     * retried here until it answers (this worker fetches nothing meanwhile).
     *
     * <p>A fatal Error (out of memory, see {@link HandlerTransactions#isFatal}) records no outcome:
     * every event of the batch not yet settled is handed back to JetStream for a redelivery after
     * the usual back-off (so it counts as a delivery, and ends in the dead letters if it keeps
     * happening), and the Error goes on to the fetch loop, which logs it, counts it and starts over.
     */
    void process(List<Message> messages) {
        try {
            List<AcceptedEvent<T>> accepted = new ArrayList<>(messages.size());
            for (Message message : messages) {
                AcceptedEvent<T> ok = screen(message);
                if (ok != null) {
                    accepted.add(ok);
                }
            }
            outage.rideOut(transactions.handleTogether(accepted), transactions::handleTogether, () -> running);
        } catch (Error fatal) {
            metrics.handlerError(eventName, fatal.getClass().getSimpleName());
            for (Message message : messages) {
                try {
                    // A message settled already ignores this (the client sends nothing after an ack).
                    message.nakWithDelay(consumers.backoffAfter(message.metaData().deliveredCount()));
                } catch (RuntimeException e) {
                    // NATS away: the ack wait brings it back
                }
            }
            throw fatal;
        }
    }

    /** Dead-letters what must not reach a handler; returns the rest, decoded. */
    private AcceptedEvent<T> screen(Message message) {
        long delivered = message.metaData().deliveredCount();
        if (delivered > 1) {
            metrics.redelivered(eventName);
        }
        CloudEvent<T> event;
        try {
            event = decoder.decode(message);
        } catch (ContractViolation violation) {
            settlement.deadLetter(message, violation.kind().name(), violation.getMessage(), delivered);
            return null;
        }
        if (delivered > maxDeliveries) {
            settlement.deadLetter(message, "MAX_DELIVERIES", "Delivered " + delivered + " times, more than the maximum of "
                    + maxDeliveries + " (the service may have stopped while handling it)", delivered);
            return null;
        }
        Receipt receipt = new Receipt(namespace.unprefixSubject(message.getSubject()), message.metaData().streamSequence());
        return new AcceptedEvent<>(message, event, receipt, delivered);
    }

    @Override
    public void close() {
        running = false;
        workers.close();
    }
}
