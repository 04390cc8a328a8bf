package io.marketbus.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.RejectedEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Message;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a shared consumer answers JetStream, without a server: the message and the dead-letter stream are stand-ins. */
class SettlementUnitTests {

    static final String DURABLE = "event-order-created-inventorysvc";
    static final BusSettings.Consumers CONSUMERS = BusSettings.Consumers.builder()
            .maxDeliveries(3).backoff(Duration.ofMillis(10), Duration.ofMillis(20)).build();

    SimpleMeterRegistry meters;
    DeadLetterStream stream;
    Settlement settlement;
    Message message;

    @BeforeEach
    void setUp() {
        meters = new SimpleMeterRegistry();
        BusMetrics metrics = new BusMetrics(meters, "inventorysvc");
        stream = mock(DeadLetterStream.class);
        BusSettings settings = BusSettings.builder(ServiceName.INVENTORY, new Namespace("")).consumers(CONSUMERS).build();
        ConsumerRuntime runtime = new ConsumerRuntime(settings, null, null, null, null, null, stream, metrics,
                new BusObservations(io.micrometer.observation.ObservationRegistry.NOOP, "ordersvc"));
        settlement = new Settlement(new DeadLettering(runtime, DURABLE, "event-order-created"), CONSUMERS, metrics);
        message = mock(Message.class);
    }

    AcceptedEvent<?> delivered(long times) {
        return new AcceptedEvent<>(message, null, null, times);
    }

    double counted(String name, String detail) {
        var counter = meters.find(name).tag("detail", detail).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aHandledEventIsAcked() {
        settlement.finish(delivered(1), null);

        verify(message).ack();
        assertThat(counted("marketbus.events.consumed", "handled")).isEqualTo(1);
    }

    @Test
    void aDuplicateIsAckedAndCountedAsOne() {
        AcceptedEvent<?> event = delivered(2);
        event.duplicate = true;

        settlement.finish(event, null);

        verify(message).ack();
        assertThat(counted("marketbus.events.consumed", "duplicate")).isEqualTo(1);
    }

    @Test
    void aFailureWithDeliveriesLeftIsRedeliveredAfterItsBackoff() throws Exception {
        settlement.finish(delivered(2), new IllegalStateException("down"));

        verify(message).nakWithDelay(Duration.ofMillis(20));
        verify(message, never()).ack();
        verify(stream, never()).send(any(), anyString(), anyString(), anyString(), anyString(), anyString(), anyLong());
    }

    @Test
    void aFailureOnTheLastDeliveryIsDeadLettered() throws Exception {
        settlement.finish(delivered(3), new IllegalStateException("down"));

        verify(stream).send(eq(message), eq("inventorysvc"), eq(DURABLE), eq("event-order-created"),
                eq("HANDLER_FAILED"), eq("java.lang.IllegalStateException: down"), eq(3L));
        verify(message).ack();
        assertThat(counted("marketbus.events.dead_lettered", "HANDLER_FAILED")).isEqualTo(1);
    }

    @Test
    void aRejectedEventIsDeadLetteredAtOnce() throws Exception {
        settlement.finish(delivered(1), new RejectedEvent("no such product"));

        verify(stream).send(eq(message), anyString(), anyString(), anyString(), eq("REJECTED"), eq("no such product"),
                eq(1L));
        verify(message).ack();
    }

    @Test
    void whenTheDeadLettersRefuseTheEventIsKeptForLater() throws Exception {
        doThrow(new IOException("deadletter stream away"))
                .when(stream).send(any(), anyString(), anyString(), anyString(), anyString(), anyString(), anyLong());

        settlement.deadLetter(message, "MALFORMED", "not json", 1);

        verify(message, never()).ack();
        verify(message).nakWithDelay(Duration.ofMillis(10));
        assertThat(counted("marketbus.events.dead_lettered", "MALFORMED")).isZero();
    }

    @Test
    void aDatabaseFaultOnTheLastDeliveryIsHeld_notRedeliveredNorDeadLettered() throws Exception {
        var faults = java.util.List.<Throwable>of(
                new org.springframework.jdbc.CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                        new java.sql.SQLTransientConnectionException("pool - Connection is not available, request timed out")),
                new org.springframework.transaction.CannotCreateTransactionException("Could not open JDBC Connection"),
                new org.springframework.dao.QueryTimeoutException("canceling statement due to statement timeout"),
                new org.springframework.jdbc.UncategorizedSQLException("insert", "insert into t",
                        new java.sql.SQLException("cannot execute INSERT in a read-only transaction", "25006")),
                new IllegalStateException("wrapped", new java.sql.SQLException("Connection refused", "08001")));
        for (Throwable fault : faults) {
            assertThat(settlement.finish(delivered(3), fault)).as(fault.toString()).isFalse();
        }

        verify(message, never()).ack();
        verify(message, never()).nakWithDelay(any(Duration.class));
        verify(message, org.mockito.Mockito.times(faults.size())).inProgress();
        verify(stream, never()).send(any(), anyString(), anyString(), anyString(), anyString(), anyString(), anyLong());
        assertThat(counted("marketbus.consumer.infrastructure_faults", "none")).isEqualTo(faults.size());
    }

    @Test
    void aConstraintViolationIsTheEventsFailure_notTheDatabases() throws Exception {
        assertThat(settlement.finish(delivered(3), new org.springframework.dao.DataIntegrityViolationException("dup",
                new java.sql.SQLException("duplicate key value", "23505")))).isTrue();

        verify(stream).send(eq(message), anyString(), anyString(), anyString(), eq("HANDLER_FAILED"), anyString(), eq(3L));
    }

    @Test
    void anErrorIsAHandlerFailure_countedByItsClass() throws Exception {
        settlement.finish(delivered(1), new AssertionError("broken"));

        verify(message).nakWithDelay(Duration.ofMillis(10));
        assertThat(counted("marketbus.consumer.errors", "AssertionError")).isEqualTo(1);
    }
}
