package io.marketbus.testkit;

import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The database a service uses by default - H2 in PostgreSQL mode, here in memory and new per call -
 * with the service's own migration applied: for unit tests of its stores, no server involved.
 */
public final class EmbeddedTestDatabase {

    /** The service's H2 options (as its embedded default) and a memory database that lives until the JVM ends. */
    private static final String OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";

    private EmbeddedTestDatabase() {}

    /** A fresh database migrated with {@code classpath:db/migration/<service>}, e.g. {@code ordersvc}. */
    public static DataSource migrated(String service) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + OPTIONS);
        Flyway.configure().dataSource(h2).locations("classpath:db/migration/" + service).load().migrate();
        return h2;
    }
}
