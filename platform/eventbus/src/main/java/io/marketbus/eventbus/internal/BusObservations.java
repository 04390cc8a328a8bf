package io.marketbus.eventbus.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The runtime's three steps as Micrometer observations, which a tracing bridge turns into spans
 * (one trace from the HTTP request through every hop of a saga) and a meter handler into timers:
 * <ul>
 *   <li>{@value #APPEND}, span {@code append <event>}: a producer span, child of whatever runs (the
 *       HTTP request, the handler); its context is the event's {@code traceparent};</li>
 *   <li>{@value #PUBLISH}, span {@code publish <event>}: the relay sending the row, child of its
 *       append (from the row's {@code traceparent}), ended by JetStream's acknowledgement;</li>
 *   <li>{@value #HANDLE}, span {@code handle <event>}: a consumer span per handler call, child of the
 *       append, current while the handler runs, so what it appends joins the same trace.</li>
 * </ul>
 * Only the Observation API is used: without a registry (a plain library user), nothing is recorded
 * and the event keeps the {@code traceparent} of the request that caused it.
 */
public final class BusObservations {

    public static final String APPEND = "marketbus.outbox.append";
    public static final String PUBLISH = "marketbus.relay.publish";
    public static final String HANDLE = "marketbus.consumer.handle";
    static final String TRACEPARENT = "traceparent";

    private final ObservationRegistry registry;
    private final String service;

    public BusObservations(ObservationRegistry registry, String service) {
        this.registry = registry;
        this.service = service;
    }

    /**
     * Runs an append in its observation.
     *
     * @param work given the traceparent the event is to carry: the append span's when tracing, else
     *             {@code otherwise}
     */
    <T> T append(String event, String aggregateId, String otherwise, Function<String, T> work) {
        Map<String, String> carrier = new HashMap<>(2);
        SenderContext<Map<String, String>> context = new SenderContext<>(Map::put, Kind.PRODUCER);
        context.setCarrier(carrier);
        context.setRemoteServiceName("nats");
        Observation observation = Observation.createNotStarted(APPEND, () -> context, registry)
                .contextualName("append " + event)
                .lowCardinalityKeyValue("service", service)
                .lowCardinalityKeyValue("event", event)
                .highCardinalityKeyValue("aggregate", aggregateId == null ? "" : aggregateId);
        // The tracing handler writes the new span's context into the carrier when the observation starts.
        return observation.observe(() -> work.apply(carrier.getOrDefault(TRACEPARENT, otherwise)));
    }

    /** A started observation of one row's publish; the caller stops it on the acknowledgement. */
    Observation publish(String event, String traceparent) {
        ReceiverContext<String> context = new ReceiverContext<>(BusObservations::traceparentOnly, Kind.PRODUCER);
        context.setCarrier(traceparent);
        context.setRemoteServiceName("nats");
        return Observation.createNotStarted(PUBLISH, () -> context, registry)
                .contextualName("publish " + event)
                .lowCardinalityKeyValue("service", service)
                .lowCardinalityKeyValue("event", event)
                .start();
    }

    /** Runs one handler call in its observation, current on this thread while it runs. */
    void handle(String event, String traceparent, Runnable handler) {
        ReceiverContext<String> context = new ReceiverContext<>(BusObservations::traceparentOnly, Kind.CONSUMER);
        context.setCarrier(traceparent);
        context.setRemoteServiceName("nats");
        Observation.createNotStarted(HANDLE, () -> context, registry)
                .contextualName("handle " + event)
                .lowCardinalityKeyValue("service", service)
                .lowCardinalityKeyValue("event", event)
                .observe(handler);
    }

    private static String traceparentOnly(String traceparent, String key) {
        return TRACEPARENT.equals(key) ? traceparent : null;
    }
}
