package io.marketbus.policies;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** authzsvc: the policy store of Marketbus. */
@SpringBootApplication
public class PoliciesApplication {

    /** Configured from {@code authzsvc.properties}: five services share one class path, not one config. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(PoliciesApplication.class).properties("spring.config.name=authzsvc");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
