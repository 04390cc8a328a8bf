package io.marketbus.accounts;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The authentication service ({@code authnsvc}): accounts, passwords, access and refresh tokens, the
 * JWKS that every other service verifies tokens with, and service identities.
 *
 * <p>Its configuration is {@code authnsvc.properties} (see {@link io.marketbus.support.launch.MarketbusService}).
 * Started by the launcher through {@link AccountsService}, or on its own by {@code main}.
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(AuthnProperties.class)
public class AccountsApplication {

    public static void main(String[] args) {
        new AccountsService().application().run(args);
    }

    /** Time, injectable so that tests can move it (lockouts, expiry) without sleeping. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
