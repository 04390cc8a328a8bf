package io.marketbus.eventbus.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Remembers which events a consumer has handled, inside the handler's transaction. */
public final class Inbox {

    private final JdbcClient jdbc;

    public Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records the event for the consumer. When another transaction recorded it concurrently, the
     * database makes this one wait for that one's outcome.
     *
     * @return false when it was handled before (a duplicate): skip its effects
     */
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql("insert into eventbus_inbox (consumer, event_id, processed_at) values (?, ?, ?) on conflict do nothing")
                .params(consumer, eventId, OffsetDateTime.now(ZoneOffset.UTC))
                .update() == 1;
    }
}
