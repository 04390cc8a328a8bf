package io.marketbus.contract;

import io.marketbus.contract.events.EventPayload;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event as Marketbus sends it (structured JSON mode).
 *
 * @param id          unique id; the {@code Nats-Msg-Id} and the consumers' inbox key
 * @param source      {@code /marketbus/<service>}
 * @param subject     the aggregate the event is about (may be null); the outbox orders by it
 * @param time        when the event was created
 * @param requestId   the HTTP request that caused it (may be null)
 * @param traceparent W3C trace context (may be null)
 * @param data        the payload; its event name is the CloudEvents {@code type}
 */
public record CloudEvent<T extends EventPayload>(
        UUID id, String source, String subject, Instant time, String requestId, String traceparent, T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String MEDIA_TYPE = "application/cloudevents+json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
    }

    /** A new event with a fresh id, sent now by {@code sender}. */
    public static <T extends EventPayload> CloudEvent<T> of(
            ServiceName sender, String subject, String requestId, String traceparent, T data) {
        return new CloudEvent<>(UUID.randomUUID(), sourceOf(sender), subject, Instant.now(), requestId, traceparent, data);
    }

    public static String sourceOf(ServiceName service) {
        return "/marketbus/" + service.busName();
    }

    /** The CloudEvents {@code type}: the event name. */
    public String type() {
        return data.eventName();
    }
}
