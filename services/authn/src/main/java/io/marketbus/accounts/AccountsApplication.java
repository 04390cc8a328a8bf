package io.marketbus.accounts;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The authentication service ({@code authnsvc}): accounts, passwords, access and refresh tokens, the
 * JWKS that every other service verifies tokens with, and service identities.
 *
 * <p>Its configuration is {@code authnsvc.properties} (see {@link io.marketbus.support.launch.MarketbusService}).
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(AuthnProperties.class)
public class AccountsApplication {

    public static void main(String[] args) {
        builder().run(args);
    }

    /** This service as an application of its own, ready to {@code run}; the launcher starts it so. */
    public static SpringApplicationBuilder builder() {
        return new AccountsService().application();
    }

    /** Time, injectable so that tests can move it (lockouts, expiry) without sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
