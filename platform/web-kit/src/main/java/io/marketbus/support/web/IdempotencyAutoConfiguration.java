package io.marketbus.support.web;

import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.time.Clock;
import javax.sql.DataSource;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link IdempotentWrite} endpoints in a service with a database: the keys in its own
 * {@code idempotency_keys}, the proxies around its controllers, the header in its API docs.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"})
@ConditionalOnWebApplication
@ConditionalOnBean({DataSource.class, PlatformTransactionManager.class})
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    @Bean(destroyMethod = "")
    IdempotencyKeys idempotencyKeys(DataSource dataSource, IdempotencyProperties properties,
            ObjectProvider<FlywayMigrationInitializer> serviceMigrations) {
        // The service's own migrations first: its Flyway expects to find an empty schema the first time.
        serviceMigrations.ifAvailable(initializer -> {});
        return new IdempotencyKeys(dataSource, properties.idempotencyKeyRetention(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    IdempotencyKeyCleanup idempotencyKeyCleanup(IdempotencyKeys keys) {
        return new IdempotencyKeyCleanup(keys);
    }

    @Bean
    IdempotentWrites idempotentWrites(IdempotencyKeys keys, PlatformTransactionManager transactions,
            ObjectProvider<JsonMapper> json) {
        // The application's mapper: a replayed body is written exactly as the first one was.
        return new IdempotentWrites(keys, transactions, json.getIfAvailable(() -> StrictJson.apply(JsonMapper.builder()).build()));
    }

    @Bean
    static IdempotentWriteProxies idempotentWriteProxies(ObjectProvider<IdempotentWrites> writes) {
        return new IdempotentWriteProxies(writes);
    }

    /** The header and the 409/422 answers on every {@link IdempotentWrite} operation of the API docs. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OperationCustomizer.class)
    static class ApiDocs {

        @Bean
        OperationCustomizer idempotencyKeyHeader() {
            return (operation, handler) -> {
                if (handler.hasMethodAnnotation(IdempotentWrite.class)) {
                    operation.addParametersItem(new HeaderParameter().name(IdempotentWrite.HEADER).required(false)
                            .schema(new StringSchema().maxLength(IdempotentWrites.MAX_KEY_LENGTH))
                            .description("Makes a retry safe: the same key with the same request answers the first "
                                    + "answer again (header " + IdempotentWrite.REPLAYED + ": true) and creates nothing. "
                                    + "Scoped to the caller, kept marketbus.web.idempotency-key-retention (24 h). "
                                    + "A fresh UUID per new request."));
                    if (operation.getResponses() == null) {
                        operation.setResponses(new io.swagger.v3.oas.models.responses.ApiResponses());
                    }
                    operation.getResponses()
                            .addApiResponse("409", new ApiResponse().description(
                                    "A request with this Idempotency-Key is still in progress (retry after Retry-After)"))
                            .addApiResponse("422", new ApiResponse().description(
                                    "This Idempotency-Key was sent with another request (problem+json)"));
                }
                return operation;
            };
        }
    }
}
