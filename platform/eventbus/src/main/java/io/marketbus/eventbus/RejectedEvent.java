package io.marketbus.eventbus;

/**
 * Thrown by a handler for an event that is well-formed but can never be handled (its content breaks
 * a domain rule): it goes to the dead letters at once with this message, without retries, and its
 * transaction rolls back.
 */
public class RejectedEvent extends RuntimeException {
    public RejectedEvent(String reason) {
        super(reason);
    }

    public RejectedEvent(String reason, Throwable cause) {
        super(reason, cause);
    }
}
