package io.marketbus.support.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class ServiceDefaultsUnitTests {

    @Test
    void aServiceListensOnItsCataloguePortAndFindsTheOthersAtTheirs() {
        StandardEnvironment environment = environment(Map.of("marketbus.service", "ordersvc"), Map.of());
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("server.port")).isEqualTo("8083");
        assertThat(environment.getProperty("marketbus.security.jwks-uri")).isEqualTo("http://127.0.0.1:8081/.well-known/jwks.json");
        assertThat(environment.getProperty("marketbus.security.token-uri"))
                .isEqualTo("http://127.0.0.1:8081/v1/authnsvc/service-tokens");
        assertThat(environment.getProperty("marketbus.authz.url")).isEqualTo("http://127.0.0.1:8082");
    }

    @Test
    void anythingSetWinsEvenAnApplicationsOwnDefaultProperties() {
        StandardEnvironment environment = environment(Map.of("marketbus.service", "ordersvc", "server.port", "9083"),
                Map.of("marketbus.authz.url", "http://authz:1", "spring.config.name", "ordersvc"));
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        DefaultPropertiesPropertySource.moveToEnd(environment); // as Spring Boot does after the post-processors
        assertThat(environment.getProperty("server.port")).isEqualTo("9083");
        assertThat(environment.getProperty("marketbus.authz.url")).isEqualTo("http://authz:1");
        assertThat(environment.getProperty("spring.config.name")).isEqualTo("ordersvc");
        assertThat(environment.getProperty("marketbus.security.jwks-uri")).isEqualTo("http://127.0.0.1:8081/.well-known/jwks.json");
    }

    @Test
    void natsUrlIsTheConventionalVariableWhenTheSettingIsAbsent() {
        StandardEnvironment environment = environment(Map.of("NATS_URL", "nats://elsewhere:4222"), Map.of());
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("marketbus.nats.url")).isEqualTo("nats://elsewhere:4222");
        StandardEnvironment plain = environment(Map.of(), Map.of());
        new ServiceDefaults().postProcessEnvironment(plain, new SpringApplication());
        assertThat(plain.getProperty("marketbus.nats.url")).isEqualTo("nats://127.0.0.1:4222");
    }

    @Test
    void everyTraceIsSampledWhenSpansAreExportedNoneWhenNotUnlessTheOperatorSaysOtherwise() {
        StandardEnvironment exported = environment(Map.of("marketbus.service", "ordersvc",
                ServiceDefaults.OTLP_ENDPOINT, "http://collector:4318/v1/traces"), Map.of());
        new ServiceDefaults().postProcessEnvironment(exported, new SpringApplication());
        assertThat(exported.getProperty(ServiceDefaults.SAMPLING, Double.class)).isEqualTo(1.0);
        StandardEnvironment kept = environment(Map.of("marketbus.service", "ordersvc"), Map.of());
        new ServiceDefaults().postProcessEnvironment(kept, new SpringApplication());
        assertThat(kept.getProperty(ServiceDefaults.SAMPLING, Double.class)).as("no exporter: none recorded").isEqualTo(0.0);
        StandardEnvironment lowered = environment(Map.of(ServiceDefaults.SAMPLING, "0.25",
                ServiceDefaults.OTLP_ENDPOINT, "http://collector:4318/v1/traces"), Map.of());
        new ServiceDefaults().postProcessEnvironment(lowered, new SpringApplication());
        assertThat(lowered.getProperty(ServiceDefaults.SAMPLING, Double.class)).isEqualTo(0.25);
    }

    @Test
    void springSecuritysPerFilterObservationsAreOffUnlessTurnedOn() {
        StandardEnvironment environment = environment(Map.of("marketbus.service", "ordersvc"), Map.of());
        new ServiceDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty(ServiceDefaults.SECURITY_OBSERVATIONS, Boolean.class)).isFalse();
        StandardEnvironment on = environment(Map.of(ServiceDefaults.SECURITY_OBSERVATIONS, "true"), Map.of());
        new ServiceDefaults().postProcessEnvironment(on, new SpringApplication());
        assertThat(on.getProperty(ServiceDefaults.SECURITY_OBSERVATIONS, Boolean.class)).isTrue();
    }

    private static StandardEnvironment environment(Map<String, Object> set, Map<String, Object> applicationDefaults) {
        StandardEnvironment environment = new StandardEnvironment();
        // Only what the test sets: the process's own variables (the test command exports NATS_URL) stay out.
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("set", set));
        if (!applicationDefaults.isEmpty()) {
            environment.getPropertySources().addLast(new DefaultPropertiesPropertySource(applicationDefaults));
        }
        return environment;
    }
}
