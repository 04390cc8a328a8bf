package io.marketbus.support.database;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The time a service writes into its database: UTC, to the microsecond, which is what both of its
 * databases (H2 and PostgreSQL) keep, so that a row read back equals the one written.
 */
public final class StoredTime {

    private StoredTime() {}

    public static OffsetDateTime now() {
        return now(Clock.systemUTC());
    }

    public static OffsetDateTime now(Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
