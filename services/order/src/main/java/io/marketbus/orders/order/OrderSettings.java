package io.marketbus.orders.order;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.orders.*}.
 *
 * @param deadline           how long an order may stay pending or payment_pending; then it is canceled
 *                           with reason {@code timeout} (stored with the order when it is placed)
 * @param timerInterval      how often each instance looks for passed deadlines and due compensations
 * @param compensationRetry  how long a cancel waits for its confirmations before event-order-canceled is fired again
 * @param timerBatch         at most this many orders per look, so one round stays one short transaction
 */
@ConfigurationProperties("marketbus.orders")
record OrderSettings(
        @DefaultValue("5m") Duration deadline,
        @DefaultValue("2s") Duration timerInterval,
        @DefaultValue("30s") Duration compensationRetry,
        @DefaultValue("100") int timerBatch) {}
