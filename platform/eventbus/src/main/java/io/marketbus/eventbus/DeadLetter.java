package io.marketbus.eventbus;

/**
 * An event a service could not handle, kept with the reason.
 *
 * @param sequence         its sequence in the dead-letter stream (the handle for replay)
 * @param service          the service that gave up on it
 * @param eventName        the event name, or {@code unknown}
 * @param kind             MALFORMED, UNKNOWN_TYPE, SCHEMA, REJECTED, HANDLER_FAILED or MAX_DELIVERIES
 * @param reason           the error
 * @param originalSubject  where it was published
 * @param deliveries       how often it was delivered
 * @param publishedAt      when its stream stored the original event (what a replay's age is measured from)
 * @param body             the original bytes
 */
public record DeadLetter(long sequence, String service, String eventName, String kind, String reason,
                         String originalSubject, long deliveries, java.time.Instant publishedAt, byte[] body) {}
