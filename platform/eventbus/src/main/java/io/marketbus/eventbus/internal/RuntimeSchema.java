package io.marketbus.eventbus.internal;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Migrates the runtime's tables (outbox, inbox, relay lock) beside a service's own. */
public final class RuntimeSchema {

    private RuntimeSchema() {}

    public static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/eventbus")
                .table("eventbus_schema_history")
                // The service's own migrations may have run first; that is not a reason to stop.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
