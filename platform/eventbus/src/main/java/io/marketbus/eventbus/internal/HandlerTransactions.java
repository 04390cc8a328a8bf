package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.ReceiptHandler;
import io.marketbus.eventbus.RequestContext;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a shared consumer's handler in transactions that also record each event in the inbox, and
 * hands every event to the {@link Settlement} once its transaction is over.
 */
final class HandlerTransactions<T extends EventPayload> {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);

    private final TransactionTemplate tx;
    private final Inbox inbox;
    private final String consumer;
    private final ReceiptHandler<T> handler;
    private final Settlement settlement;

    HandlerTransactions(ConsumerRuntime runtime, String consumer, ReceiptHandler<T> handler, Settlement settlement) {
        this.tx = runtime.tx();
        this.inbox = runtime.inbox();
        this.consumer = consumer;
        this.handler = handler;
        this.settlement = settlement;
    }

    /**
     * Optimistic batching: the events in one transaction, their inbox rows in one round trip, one
     * commit (one disk flush) for all. When a handler fails, the whole transaction rolls back; that
     * event is finished as failed without running again, the events before it are handled again
     * together, and those after it in the next round. Handlers must therefore keep their effects in
     * the transaction (they may run more than once, but commit once). Should a batch not commit, each
     * event is handled alone.
     */
    void handleTogether(List<AcceptedEvent<T>> events) {
        List<AcceptedEvent<T>> rest = events;
        while (!rest.isEmpty()) {
            if (rest.size() == 1) {
                handleAlone(rest.getFirst());
                return;
            }
            List<AcceptedEvent<T>> batch = rest;
            BatchFailure failure;
            try {
                failure = tx.execute(status -> {
                    boolean[] first = inbox.firstDeliveries(consumer, batch.stream().map(a -> a.event.id()).toList());
                    for (int i = 0; i < batch.size(); i++) {
                        batch.get(i).duplicate = !first[i];
                        if (first[i]) {
                            try {
                                run(batch.get(i));
                            } catch (RuntimeException e) {
                                status.setRollbackOnly();
                                return new BatchFailure(i, e);
                            }
                        }
                    }
                    return null;
                });
            } catch (RuntimeException commitFailed) {
                log.debug("Batch of {} from {} did not commit ({}); handling each alone", batch.size(), consumer,
                        commitFailed.toString());
                batch.forEach(this::handleAlone);
                return;
            }
            if (failure == null) {
                batch.forEach(event -> settlement.finish(event, null));
                return;
            }
            settlement.finish(batch.get(failure.index()), unwrap(failure.error()));
            handleTogether(batch.subList(0, failure.index()));
            rest = batch.subList(failure.index() + 1, batch.size());
        }
    }

    private record BatchFailure(int index, RuntimeException error) {}

    private void handleAlone(AcceptedEvent<T> accepted) {
        RuntimeException failure = null;
        try {
            tx.executeWithoutResult(status -> {
                accepted.duplicate = !inbox.firstDelivery(consumer, accepted.event.id());
                if (!accepted.duplicate) {
                    run(accepted);
                }
            });
        } catch (RuntimeException e) {
            failure = e;
        }
        settlement.finish(accepted, unwrap(failure));
    }

    private void run(AcceptedEvent<T> accepted) {
        CloudEvent<T> event = accepted.event;
        new RequestContext(event.requestId(), event.traceparent()).run(() -> {
            try {
                handler.handle(event, accepted.receipt);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            }
        });
    }

    private static Throwable unwrap(RuntimeException failure) {
        return failure instanceof HandlerFailure ? failure.getCause() : failure;
    }

    /** Carries a checked exception out of the transaction callback. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Exception cause) {
            super(cause);
        }
    }
}
