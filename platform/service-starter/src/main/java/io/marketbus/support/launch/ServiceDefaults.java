package io.marketbus.support.launch;

import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.NatsConnections;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;

/**
 * The defaults every service takes from the service catalogue ({@link ServiceName}), with the lowest
 * precedence, so any property, environment variable, argument or default property overrides them:
 * <ul>
 *   <li>{@code server.port}: the service's catalogue port;</li>
 *   <li>where the others are: authnsvc's JWKS and service-token endpoint, authzsvc's base URL;</li>
 *   <li>{@code marketbus.nats.url}: {@code NATS_URL}, the one variable Spring's relaxed binding
 *       does not map by itself (it would read {@code MARKETBUS_NATS_URL}, which works too);</li>
 *   <li>{@code management.tracing.sampling.probability}: 1, every trace, when an OTLP endpoint is
 *       set ({@code management.opentelemetry.tracing.export.otlp.endpoint}; Spring Boot's default
 *       keeps one in ten): a saga is followed across services by its trace, and one missing hop
 *       makes it useless. 0 without one: a span nobody exports is recorded for nothing; trace and
 *       span ids are still made and passed on (log lines, the events' {@code traceparent}), only
 *       not recorded;</li>
 *   <li>{@code management.observations.enable.spring.security}: false. Spring Security observes each
 *       of its filters, a dozen spans per request that say nothing about a saga, and under load cost
 *       more than the bus's own (docs/benchmarks.md); the request's own span stays.</li>
 * </ul>
 */
public class ServiceDefaults implements EnvironmentPostProcessor {

    static final String SAMPLING = "management.tracing.sampling.probability";
    static final String OTLP_ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    static final String SECURITY_OBSERVATIONS = "management.observations.enable.spring.security";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        String service = environment.getProperty("marketbus.service");
        if (service != null) {
            defaults.put("server.port", ServiceName.ofBusName(service).defaultPort());
        }
        defaults.put("marketbus.nats.url", "${NATS_URL:" + NatsConnections.DEFAULT_URL + "}");
        String authn = ServiceName.AUTHN.defaultUrl();
        defaults.put("marketbus.security.jwks-uri", authn + "/.well-known/jwks.json");
        defaults.put("marketbus.security.token-uri", authn + "/v1/authnsvc/service-tokens");
        defaults.put("marketbus.authz.url", ServiceName.AUTHZ.defaultUrl());
        defaults.put(SAMPLING, environment.containsProperty(OTLP_ENDPOINT) ? "1.0" : "0.0");
        defaults.put(SECURITY_OBSERVATIONS, "false");
        // Below everything, even an application's own default properties (SpringApplicationBuilder.properties),
        // which Spring Boot keeps last: so they join those, and give way to any that are set there.
        MutablePropertySources sources = environment.getPropertySources();
        PropertySource<?> existing = sources.get(DefaultPropertiesPropertySource.NAME);
        if (existing != null && existing.getSource() instanceof Map<?, ?> given) {
            given.forEach((key, value) -> defaults.put(key.toString(), value));
            sources.replace(DefaultPropertiesPropertySource.NAME, new DefaultPropertiesPropertySource(defaults));
        } else {
            sources.addLast(new DefaultPropertiesPropertySource(defaults));
        }
    }
}
