package io.marketbus.support.web;

import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Request ids, problem+json and {@link PageRequest} parameters for every service with a web side. */
@AutoConfiguration
@ConditionalOnWebApplication
@Import(ProblemResponses.class)
public class WebSupportAutoConfiguration {

    @Bean
    RequestIdFilter requestIdFilter() {
        return new RequestIdFilter();
    }

    @Bean
    org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer strictJsonInput() {
        return StrictJson::apply;
    }

    @Bean
    WebMvcConfigurer pageRequests(ObjectProvider<jakarta.validation.Validator> validator) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                // The application's validator: the same messages, in the same locale, as parameter validation.
                resolvers.add(new PageRequestResolver(validator.getIfUnique(
                        () -> jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator())));
            }
        };
    }
}
