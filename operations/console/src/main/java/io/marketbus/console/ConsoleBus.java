package io.marketbus.console;

import io.marketbus.eventbus.NatsConnections;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bus the console watches: the same settings the services read ({@code marketbus.nats.url},
 * {@code marketbus.nats.credentials}, {@code marketbus.namespace}), so one environment configures both.
 */
@ConfigurationProperties("marketbus")
record ConsoleBus(@DefaultValue Nats nats, @DefaultValue("") String namespace) {

    record Nats(@DefaultValue(NatsConnections.DEFAULT_URL) String url, @DefaultValue("") String credentials) {}
}
