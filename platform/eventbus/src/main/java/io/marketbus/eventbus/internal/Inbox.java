package io.marketbus.eventbus.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Remembers which events a consumer has handled, inside the handler's transaction. */
public final class Inbox {

    private static final String RECORD =
            "insert into eventbus_inbox (consumer, event_id, processed_at) values (?, ?, ?) on conflict do nothing";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;

    public Inbox(JdbcClient jdbc, JdbcTemplate batches) {
        this.jdbc = jdbc;
        this.batches = batches;
    }

    /**
     * Records the event for the consumer. When another transaction recorded it concurrently, the
     * database makes this one wait for that one's outcome.
     *
     * @return false when it was handled before (a duplicate): skip its effects
     */
    public boolean firstDelivery(String consumer, UUID eventId) {
        return jdbc.sql(RECORD).params(consumer, eventId, OffsetDateTime.now(ZoneOffset.UTC)).update() == 1;
    }

    /** {@link #firstDelivery} for several events in one round trip; element i answers for event i. */
    public boolean[] firstDeliveries(String consumer, List<UUID> eventIds) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(eventIds.size());
        for (UUID id : eventIds) {
            rows.add(new Object[] {consumer, id, now});
        }
        int[] counts = batches.batchUpdate(RECORD, rows);
        boolean[] first = new boolean[eventIds.size()];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0 && counts[i] != 1) {
                // The driver did not say per row (e.g. rewritten batches). Failing rolls these inserts
                // back, and the consumer then handles the events one by one.
                throw new IllegalStateException("The JDBC driver reports no per-row counts for batched inserts");
            }
            first[i] = counts[i] == 1;
        }
        return first;
    }
}
