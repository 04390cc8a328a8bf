package io.marketbus.support.database;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Times as a service's database holds them: UTC {@link OffsetDateTime}s. */
public final class StoredTime {

    private StoredTime() {}

    /**
     * Now, to the microsecond: what both of a service's databases (H2 and PostgreSQL) keep, so that a
     * row read back equals the one written.
     */
    public static OffsetDateTime now() {
        return now(Clock.systemUTC());
    }

    /** {@link #now()} as the clock tells it. */
    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** The instant as a column holds it, as precise as it is given. */
    public static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The instant a nullable column holds: null for null. */
    public static Instant instant(OffsetDateTime stored) {
        return stored == null ? null : stored.toInstant();
    }
}
