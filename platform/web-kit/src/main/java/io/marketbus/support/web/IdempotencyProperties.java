package io.marketbus.support.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.web.*}: the HTTP API's own settings.
 *
 * @param idempotencyKeyRetention how long the first answer to a request with an
 *        {@code Idempotency-Key} is kept: a retry within it gets that answer, a request after it with
 *        the same key counts as new. Longer than any client retries; one day by default.
 */
@ConfigurationProperties("marketbus.web")
public record IdempotencyProperties(@DefaultValue("24h") Duration idempotencyKeyRetention) {

    public IdempotencyProperties {
        if (idempotencyKeyRetention.isNegative() || idempotencyKeyRetention.isZero()) {
            throw new IllegalArgumentException("marketbus.web.idempotency-key-retention must be positive");
        }
    }
}
