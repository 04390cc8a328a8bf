package io.marketbus.eventbus.internal;

import io.marketbus.contract.CloudEvent;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.EventCodec;
import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.ServiceName;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.Outbox;
import io.marketbus.eventbus.RequestContext;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The outbox in the service's own database; see {@link Outbox}. */
public final class JdbcOutbox implements Outbox {

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final ServiceName service;
    private final Runnable afterCommit;
    private final BusObservations observations;

    public JdbcOutbox(JdbcClient jdbc, EventCodec codec, ServiceName service, Runnable afterCommit,
                      BusObservations observations) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.service = service;
        this.afterCommit = afterCommit;
        this.observations = observations;
    }

    @Override
    public UUID append(String aggregateId, EventPayload event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.append needs a transaction: without one the event could "
                    + "go out for a change that is rolled back, or be lost");
        }
        EventDefinition definition = codec.catalogue().get(event.eventName());
        if (!definition.isSentBy(service)) {
            throw new ContractViolation(ContractViolation.Kind.NOT_IN_CONTRACT,
                    service + " has no send operation for " + definition.name() + " in the contract");
        }
        RequestContext context = RequestContext.current();
        UUID id = observations.append(definition.name(), aggregateId, context.traceparent(), traceparent -> {
            CloudEvent<EventPayload> envelope = CloudEvent.of(service, aggregateId, context.requestId(), traceparent, event);
            String json = codec.encodeToString(envelope);
            jdbc.sql("""
                    insert into eventbus_outbox
                        (event_id, aggregate_id, event_name, subject, envelope, traceparent, created_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(envelope.id(), aggregateId, definition.name(), definition.subjectFor(service), json,
                            traceparent, OffsetDateTime.ofInstant(envelope.time(), ZoneOffset.UTC))
                    .update();
            return envelope.id();
        });
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                afterCommit.run();
            }
        });
        return id;
    }
}
