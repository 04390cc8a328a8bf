package io.marketbus.launcher;

import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.access.BusPermissions;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.NatsConnections;
import java.time.Duration;
import io.nats.client.Connection;
import java.io.IOException;
import io.marketbus.support.database.StorageProperties;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * What the launcher itself needs to know, read the way the services read theirs: Spring's relaxed
 * binding over {@code --key=value} arguments, system properties and environment variables, so
 * {@code --marketbus.data-dir=x}, {@code -Dmarketbus.data-dir=x} and {@code MARKETBUS_DATA_DIR=x} are
 * one setting. The services bind the same environment themselves; the launcher passes its
 * {@code --key=value} arguments on, and the NATS server it resolved.
 *
 * @param arguments the {@code --key=value} arguments, passed on to every service started
 */
record LaunchSettings(String natsUrl, String natsCredentials, Namespace namespace, StorageProperties storage,
                      Map<String, Integer> ports, List<String> arguments, ConfigurableEnvironment environment) {


    /** From the environment and those of {@code args} that are {@code --key=value} settings. */
    static LaunchSettings of(String... args) {
        List<String> settings = Arrays.stream(args).filter(a -> a.startsWith("--") && a.contains("=")).toList();
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.addFirst(new SimpleCommandLinePropertySource(settings.toArray(String[]::new)));
        // NATS_URL, the conventional name (the script and the harness set it), is the one variable
        // relaxed binding cannot map; it comes right after the arguments, as it always has.
        String natsUrl = System.getenv("NATS_URL");
        if (natsUrl != null && !natsUrl.isBlank()) {
            sources.addAfter(SimpleCommandLinePropertySource.COMMAND_LINE_PROPERTY_SOURCE_NAME,
                    new MapPropertySource("NATS_URL", Map.of("marketbus.nats.url", natsUrl)));
        }
        ConfigurationPropertySources.attach(environment);
        Binder binder = Binder.get(environment);
        return new LaunchSettings(
                binder.bind("marketbus.nats.url", String.class).orElse(NatsConnections.DEFAULT_URL),
                binder.bind("marketbus.nats.credentials", String.class).orElse(""),
                new Namespace(binder.bind("marketbus.namespace", String.class).orElse("")),
                StorageProperties.of(environment), // the same binding the services make
                binder.bind("marketbus.ports", Bindable.mapOf(String.class, Integer.class)).orElse(Map.of()),
                settings, environment);
    }

    /**
     * The stream settings the services run with ({@code marketbus.streams.max-age},
     * {@code marketbus.streams.dead-letter-max-age}): they bound which dead letters may be replayed.
     */
    BusSettings.Streams streams() {
        Binder binder = Binder.get(environment);
        return BusSettings.Streams.builder()
                .maxAge(binder.bind("marketbus.streams.max-age", Duration.class)
                        .orElse(Duration.parse(BusSettings.Streams.DEFAULT_MAX_AGE)))
                .deadLetterMaxAge(binder.bind("marketbus.streams.dead-letter-max-age", Duration.class)
                        .orElse(Duration.parse(BusSettings.Streams.DEFAULT_DEAD_LETTER_MAX_AGE)))
                .build();
    }

    /** Whether the bus is a secured one: a credentials folder is configured ({@code MARKETBUS_NATS_CREDENTIALS}). */
    boolean securedBus() {
        return !natsCredentials.isBlank();
    }

    /**
     * A connection to the bus as {@code identity} (a service's bus name, or the provisioning identity
     * for the launcher's own commands); anonymous on an open bus.
     *
     * @throws IOException in one plain sentence when the server refuses or the credentials are missing
     */
    Connection connect(String connectionName, String identity) throws IOException, InterruptedException {
        return NatsConnections.connect(natsUrl, connectionName, new NatsConnections.Reconnects(),
                securedBus() ? BusIdentities.in(Path.of(natsCredentials)) : null, identity);
    }

    /** The launcher's own connection (provision, dlq, demo): the provisioning identity on a secured bus. */
    Connection connectAsOperator(String connectionName) throws IOException, InterruptedException {
        return connect(connectionName, BusPermissions.PROVISIONING);
    }

    /**
     * The HTTP port of a service in a whole-system run: {@code marketbus.ports.<bus name>}
     * ({@code MARKETBUS_PORTS_ORDERSVC}), else its catalogue port.
     */
    int port(ServiceName service) {
        return ports.getOrDefault(service.busName(), service.defaultPort());
    }

    /** Where a service of a whole-system run answers on this machine. */
    String localUrl(ServiceName service) {
        return "http://127.0.0.1:" + port(service);
    }

    /** A setting by its property name, e.g. {@code marketbus.ordersvc.secret} (MARKETBUS_ORDERSVC_SECRET). */
    String property(String name) {
        String value = environment.getProperty(name);
        return value == null || value.isBlank() ? null : value;
    }

    Path dataDir() {
        return storage.dataDir();
    }

    String databaseUrl() {
        return storage.database().url();
    }

    boolean embeddedDatabases() {
        return databaseUrl().isBlank();
    }
}
