package io.marketbus.support.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Where a service keeps its data: a PostgreSQL database when {@code marketbus.database.url} is set,
 * else H2 files under {@code marketbus.data-dir} (which also holds the launcher's generated secrets
 * and the administrator's first password). Read before the application context exists, through
 * {@link #of(Environment)}; annotated so that the configuration metadata describes it.
 *
 * @param dataDir  the folder of the embedded databases and generated secrets
 * @param database a PostgreSQL database for every service (one schema each) instead of H2 files
 */
@ConfigurationProperties("marketbus")
public record StorageProperties(@DefaultValue(DEFAULT_DATA_DIR) Path dataDir, @DefaultValue Database database) {

    public static final String DEFAULT_DATA_DIR = "data";

    /**
     * @param url      a PostgreSQL JDBC URL; empty for the embedded H2 files
     * @param username its user
     * @param password its password
     */
    public record Database(@DefaultValue("") String url, @DefaultValue("postgres") String username,
                           @DefaultValue("") String password) {}

    public static StorageProperties of(Environment environment) {
        return Binder.get(environment).bindOrCreate("marketbus", StorageProperties.class);
    }
}
