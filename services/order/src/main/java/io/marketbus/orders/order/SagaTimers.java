package io.marketbus.orders.order;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The saga's clock: every {@code marketbus.orders.timer-interval} each instance cancels the orders
 * whose deadline passed and asks again for compensations still unconfirmed. The timers themselves
 * are columns of the order (deadline_at, compensation_due_at), so a restarted or killed instance
 * loses none, and rows are claimed with {@code skip locked}, so two instances never act on one order.
 */
@Component
@EnableConfigurationProperties(OrderSettings.class)
class SagaTimers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SagaTimers.class);

    private final Orders orders;
    private final OrderSettings settings;
    private ScheduledExecutorService thread;

    SagaTimers(Orders orders, OrderSettings settings) {
        this.orders = orders;
        this.settings = settings;
    }

    void tick() {
        try {
            int expired = orders.expireOverdue();
            if (expired > 0) {
                log.info("{} order(s) past their deadline canceled (timeout)", expired);
            }
            int asked = orders.retryCompensations();
            if (asked > 0) {
                log.warn("{} canceled order(s) still without confirmed stock release or refund: event-order-canceled fired again",
                        asked);
            }
        } catch (RuntimeException e) {
            // The database may be away: the timers are rows, the next tick finds them again.
            log.warn("Saga timers not run this time: {}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("ordersvc-saga-timers").factory());
        long every = settings.timerInterval().toMillis();
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
