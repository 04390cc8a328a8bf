package io.marketbus.accounts.tokens;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The first signing key is made at the first start, so the JWKS is never empty. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class KeyBootstrap implements ApplicationRunner {

    private final SigningKeys keys;

    KeyBootstrap(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public void run(ApplicationArguments args) {
        keys.ensureSigningKey();
    }
}
