package io.marketbus.support.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Picks each service's own database when none is configured explicitly:
 * <ul>
 *   <li>{@code marketbus.database.url} (a PostgreSQL JDBC URL) set: that database, one schema per
 *       service ({@code currentSchema=ordersvc}), created by Flyway;</li>
 *   <li>otherwise the embedded default: an H2 file per service under {@code marketbus.data-dir}
 *       (default {@code ./data}), in PostgreSQL mode so the same migrations serve both.</li>
 * </ul>
 * An explicit {@code spring.datasource.url} always wins. Either way the pool fails fast when the
 * database is away ({@code spring.datasource.hikari.connection-timeout}, 5 s).
 */
public class ServiceDatabase implements EnvironmentPostProcessor {

    /** Milliseconds a request waits for a pooled connection before it fails. */
    public static final String DEFAULT_CONNECTION_TIMEOUT = "5000";
    /**
     * PostgreSQL mode, so the same migrations serve both; and {@code WRITE_DELAY=0}: H2 otherwise
     * writes committed changes to its file in the background up to half a second later, so a killed
     * process loses what it had committed meanwhile, after the bus was acknowledged for it (an event
     * handled and gone). With it, every commit is in the file before it returns: a process crash
     * loses nothing. (A machine crash may still: H2 does not sync the file on commit; PostgreSQL does.)
     */
    static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String service = environment.getProperty("marketbus.service");
        if (service == null) {
            return;
        }
        Map<String, Object> defaults = new HashMap<>();
        // Hikari waits 30 s for a connection by default: with the database away every request
        // would hang that long before its 503. 5 s is ample for a healthy pool under load, and
        // consumers hold their events through an outage whatever this is (DatabaseOutage).
        defaults.put("spring.datasource.hikari.connection-timeout", DEFAULT_CONNECTION_TIMEOUT);
        defaults.put("spring.datasource.hikari.validation-timeout", "2000");
        if (environment.containsProperty("spring.datasource.url")) {
            environment.getPropertySources().addLast(new MapPropertySource("marketbus-service-database", defaults));
            return;
        }
        // Hikari keeps its maximum open by default; with five services (and more instances) on one
        // PostgreSQL that alone would use most of its 100 connections.
        defaults.put("spring.datasource.hikari.minimum-idle", "2");
        StorageProperties storage = StorageProperties.of(environment);
        String postgres = storage.database().url();
        if (!postgres.isBlank()) {
            defaults.put("spring.datasource.url", postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + service);
            defaults.put("spring.datasource.username", storage.database().username());
            defaults.put("spring.datasource.password", storage.database().password());
            defaults.put("spring.flyway.schemas", service);
        } else {
            Path dir = storage.dataDir().resolve("h2").toAbsolutePath();
            createFolder(dir);
            defaults.put("spring.datasource.url", "jdbc:h2:file:" + dir.resolve(service) + H2_OPTIONS);
            defaults.put("spring.datasource.username", "sa");
            defaults.put("spring.datasource.password", "");
        }
        environment.getPropertySources().addLast(new MapPropertySource("marketbus-service-database", defaults));
    }

    /**
     * Creates the folder of the H2 files before any database is opened. H2 creates missing folders
     * itself, but not safely under concurrency: services starting together on a fresh data folder
     * raced and one failed with "a file with this name already exists". {@link Files#createDirectories}
     * accepts a folder that another thread or process has just created.
     */
    static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder of the embedded databases " + dir, e);
        }
    }
}
