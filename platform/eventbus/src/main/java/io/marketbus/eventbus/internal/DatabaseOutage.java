package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.BusSettings;
import io.nats.client.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one shared consumer waits out a database that does not answer. JetStream counts every
 * redelivery, so events whose handling failed on the database are not handed back: the worker keeps
 * them (telling JetStream they are in progress, so the ack wait never runs out), stops fetching, and
 * retries them itself with exponential back-off until the database answers. No delivery is used up
 * and nothing is dead-lettered for an outage of any length. Logged once when the consumer pauses and
 * once when it resumes, not per event.
 */
final class DatabaseOutage {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);
    private static final Duration SLICE = Duration.ofMillis(100);

    private final String consumer;
    private final BusSettings.Consumers settings;
    private final AtomicInteger waiting;
    private volatile Instant pausedAt;

    DatabaseOutage(String consumer, String eventName, BusSettings.Consumers settings, BusMetrics metrics) {
        this.consumer = consumer;
        this.settings = settings;
        this.waiting = metrics.pausedWorkers(eventName);
    }

    /**
     * Retries {@code held} through {@code handle} (which answers what is still held) until nothing
     * is. Each round first tries one event alone, so a database that is still away costs one
     * connection attempt, not one per event. Returns early, giving the events back to JetStream,
     * when {@code running} turns false.
     */
    <E extends AcceptedEvent<?>> void rideOut(List<E> held, UnaryOperator<List<E>> handle, BooleanSupplier running) {
        if (held.isEmpty()) {
            return;
        }
        enter(held.size());
        InProgress inProgress = new InProgress(held, settings.ackWait());
        try {
            Duration wait = settings.outageRetry();
            List<E> rest = held;
            while (!rest.isEmpty()) {
                if (!sleep(wait, running)) {
                    rest.forEach(event -> event.message.nak());
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(settings.outageRetryMax()) > 0 ? settings.outageRetryMax()
                        : wait.multipliedBy(2);
                if (!handle.apply(List.of(rest.getFirst())).isEmpty()) {
                    continue; // still away
                }
                rest = handle.apply(List.copyOf(rest.subList(1, rest.size())));
                inProgress.track(rest);
                wait = settings.outageRetry(); // it answered: anything left is tried again soon
            }
        } finally {
            inProgress.stop();
            leave();
        }
    }

    private void enter(int events) {
        if (waiting.getAndIncrement() == 0) {
            pausedAt = Instant.now();
            log.warn("Consumer {} paused: the database does not answer; {} event(s) held and retried in this "
                    + "instance, using up no deliveries", consumer, events);
        }
    }

    private void leave() {
        if (waiting.decrementAndGet() == 0) {
            log.warn("Consumer {} resumed: the database answers again after {} ms", consumer,
                    Duration.between(pausedAt, Instant.now()).toMillis());
        }
    }

    /** Sleeps in short slices so that a closing consumer does not wait for the back-off. */
    private static boolean sleep(Duration wait, BooleanSupplier running) {
        Instant until = Instant.now().plus(wait);
        try {
            while (running.getAsBoolean()) {
                Duration left = Duration.between(Instant.now(), until);
                if (!left.isPositive()) {
                    return true;
                }
                Thread.sleep(left.compareTo(SLICE) < 0 ? left : SLICE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /**
     * Tells JetStream, every third of the ack wait, that the held events are still being worked on,
     * also while a retry itself waits for a connection.
     */
    private static final class InProgress {
        private final Thread thread;
        private volatile List<? extends AcceptedEvent<?>> events;

        InProgress(List<? extends AcceptedEvent<?>> events, Duration ackWait) {
            this.events = events;
            Duration every = ackWait.dividedBy(3);
            this.thread = Thread.ofVirtual().name("in-progress").start(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        for (AcceptedEvent<?> event : this.events) {
                            touch(event.message);
                        }
                        Thread.sleep(every);
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
        }

        void track(List<? extends AcceptedEvent<?>> events) {
            this.events = events;
        }

        void stop() {
            thread.interrupt();
        }

        private static void touch(Message message) {
            try {
                message.inProgress();
            } catch (RuntimeException e) {
                // NATS away too: the event comes back after the ack wait, which is what JetStream promises
            }
        }
    }
}
