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
    private final BusObservations observations;

    HandlerTransactions(ConsumerRuntime runtime, String consumer, ReceiptHandler<T> handler, Settlement settlement) {
        this.tx = runtime.tx();
        this.inbox = runtime.inbox();
        this.consumer = consumer;
        this.handler = handler;
        this.settlement = settlement;
        this.observations = runtime.observations();
    }

    /**
     * Optimistic batching: the events in one transaction, their inbox rows in one round trip, one
     * commit (one disk flush) for all. When a handler fails, the whole transaction rolls back; that
     * event is finished as failed without running again, the events before it are handled again
     * together, and those after it in the next round. Handlers must therefore keep their effects in
     * the transaction (they may run more than once, but commit once). Should a batch not commit, each
     * event is handled alone.
     *
     * <p>A failure of the database itself settles nothing: the events of the rolled-back
     * transaction and all after it are returned, untried, to be held while the database is away.
     *
     * @return the events held because the database failed under them (empty when all were settled)
     */
    List<AcceptedEvent<T>> handleTogether(List<AcceptedEvent<T>> events) {
        List<AcceptedEvent<T>> rest = events;
        while (!rest.isEmpty()) {
            if (rest.size() == 1) {
                return handleAlone(rest.getFirst()) ? List.of() : rest;
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
                if (InfrastructureFaults.isInfrastructure(commitFailed)) {
                    return hold(batch, commitFailed);
                }
                log.debug("Batch of {} from {} did not commit ({}); handling each alone", batch.size(), consumer,
                        commitFailed.toString());
                for (int i = 0; i < batch.size(); i++) {
                    if (!handleAlone(batch.get(i))) {
                        // The database went away: the rest would only wait for it one by one.
                        return List.copyOf(batch.subList(i, batch.size()));
                    }
                }
                return List.of();
            }
            if (failure == null) {
                batch.forEach(event -> settlement.finish(event, null));
                return List.of();
            }
            Throwable error = unwrap(failure.error());
            if (InfrastructureFaults.isInfrastructure(error)) {
                return hold(batch, error);
            }
            settlement.finish(batch.get(failure.index()), error);
            List<AcceptedEvent<T>> held = handleTogether(batch.subList(0, failure.index()));
            if (!held.isEmpty()) {
                List<AcceptedEvent<T>> all = new java.util.ArrayList<>(held);
                all.addAll(batch.subList(failure.index() + 1, batch.size()));
                return all;
            }
            rest = batch.subList(failure.index() + 1, batch.size());
        }
        return List.of();
    }

    /** Holds every event of a transaction that failed on the database (the settlement counts the fault once). */
    private List<AcceptedEvent<T>> hold(List<AcceptedEvent<T>> batch, Throwable fault) {
        settlement.finish(batch.getFirst(), fault);
        batch.forEach(event -> event.message.inProgress());
        return List.copyOf(batch);
    }

    private record BatchFailure(int index, RuntimeException error) {}

    /** @return false when the event is held (the database failed under it) */
    private boolean handleAlone(AcceptedEvent<T> accepted) {
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
        return settlement.finish(accepted, unwrap(failure));
    }

    private void run(AcceptedEvent<T> accepted) {
        CloudEvent<T> event = accepted.event;
        new RequestContext(event.requestId(), event.traceparent()).run(() -> observations.handle(event.type(), event.traceparent(), () -> {
            try {
                handler.handle(event, accepted.receipt);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new HandlerFailure(e);
            } catch (Error e) {
                if (isFatal(e)) {
                    throw e; // the loop's to answer: see SharedConsumer#process
                }
                // An AssertionError, a StackOverflowError (its stack is unwound by now), a
                // LinkageError...: this event's failure, retried and dead-lettered like any other.
                throw new HandlerFailure(e);
            }
        }));
    }

    /**
     * Errors after which the JVM may not keep its promises (out of memory, internal errors): no
     * handler outcome is recorded for them. A StackOverflowError is not one: it ends with its stack.
     */
    static boolean isFatal(Throwable error) {
        return error instanceof VirtualMachineError && !(error instanceof StackOverflowError);
    }

    private static Throwable unwrap(RuntimeException failure) {
        return failure instanceof HandlerFailure ? failure.getCause() : failure;
    }

    /** Carries a checked exception or an Error out of the transaction callback. */
    private static final class HandlerFailure extends RuntimeException {
        HandlerFailure(Throwable cause) {
            super(cause);
        }
    }
}
