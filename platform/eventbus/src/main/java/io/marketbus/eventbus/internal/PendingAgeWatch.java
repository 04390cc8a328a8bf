package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.RetentionHorizons;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns before JetStream ages out an event a durable consumer has not acknowledged yet: the stream's
 * max age removes it whether handled or not. Each check reads the consumer's info; when something is
 * pending or unacknowledged, the oldest such event is the first message on the consumer's filter
 * subject after its ack floor, and its stream timestamp gives the age (exact, unlike comparing the ack
 * floor with the stream's first message, which is always near max age in a busy stream). Reading that
 * message needs stream read access, so the watch runs on the provisioning connection where there is
 * one; without it the checks fail, which the watch logs once per run of failures.
 */
public final class PendingAgeWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PendingAgeWatch.class);
    private static final Duration AT_MOST_EVERY = Duration.ofSeconds(30);
    private static final int NO_MESSAGE = 10037;

    /** A durable consumer: its stream, its name and the (prefixed) subject it filters on. */
    public record Durable(String stream, String name, String filterSubject) {}

    private final Supplier<JetStreamManagement> management;
    private final List<Durable> durables;
    private final RetentionHorizons horizons;
    private final BusMetrics metrics;
    private final Duration every;
    private volatile boolean running;
    private Thread thread;

    public PendingAgeWatch(Supplier<JetStreamManagement> management, List<Durable> durables, RetentionHorizons horizons,
                           BusMetrics metrics) {
        this.management = management;
        this.durables = List.copyOf(durables);
        this.horizons = horizons;
        this.metrics = metrics;
        // A twentieth of the max age: a pending event is seen at least three times between 80 % and 100 %.
        Duration twentieth = horizons.streamMaxAge().dividedBy(20);
        this.every = twentieth.compareTo(AT_MOST_EVERY) < 0 ? twentieth : AT_MOST_EVERY;
    }

    public synchronized void start(String name) {
        if (running || durables.isEmpty()) {
            return;
        }
        running = true;
        thread = Thread.ofVirtual().name("pending-age-watch-" + name).start(this::run);
    }

    private void run() {
        boolean failing = false;
        while (running) {
            try {
                Thread.sleep(every);
                checkOnce(Instant.now());
                failing = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                // Said once per run of failures: the bus being away is normal now and then, and a
                // connection without stream read access (a service's own on a secured bus) fails every time.
                if (!failing) {
                    log.warn("Pending-age check of {} failed, retrying quietly: {}", durables, e.toString());
                } else {
                    log.debug("Pending-age check failed: {}", e.toString());
                }
                failing = true;
            }
        }
    }

    /** One check of every durable consumer: sets the gauges, warns and counts near the max age. */
    void checkOnce(Instant now) throws Exception {
        JetStreamManagement jsm = management.get();
        for (Durable durable : durables) {
            ConsumerInfo info = jsm.getConsumerInfo(durable.stream(), durable.name());
            long age = 0;
            if (info.getNumPending() + info.getNumAckPending() > 0) {
                MessageInfo oldest = oldestUnacknowledged(jsm, durable, info.getAckFloor().getStreamSequence());
                if (oldest != null) {
                    age = Math.max(0, Duration.between(oldest.getTime().toInstant(), now).toMillis());
                }
            }
            metrics.oldestPending(durable.name(), age);
            if (age >= horizons.pendingAgeWarning().toMillis()) {
                metrics.pendingNearMaxAge(durable.name());
                log.warn("Consumer {} on {} has an event pending for {} s (stream sequence after {}), within 20 % of the "
                                + "stream's max age {}: JetStream removes it then, handled or not",
                        durable.name(), durable.stream(), age / 1000, info.getAckFloor().getStreamSequence(),
                        horizons.streamMaxAge());
            }
        }
    }

    private static MessageInfo oldestUnacknowledged(JetStreamManagement jsm, Durable durable, long ackFloor)
            throws Exception {
        try {
            return jsm.getNextMessage(durable.stream(), ackFloor + 1, durable.filterSubject());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return null; // acknowledged or aged out meanwhile
            }
            throw e;
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
