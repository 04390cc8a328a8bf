package io.marketbus.eventbus.internal;

import io.marketbus.eventbus.BusSettings;
import io.nats.client.JetStream;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fetch loops of one durable pull consumer in this instance ({@code workers} virtual threads):
 * each binds to the consumer, takes whatever events have arrived and passes them on as a batch.
 * A loop that loses its subscription binds again after a second.
 */
final class PullWorkers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedConsumer.class);
    private static final Duration FETCH_WAIT = Duration.ofMillis(500);
    private static final Duration FETCH_SLACK = Duration.ofMillis(100);
    /** How long to wait for more events once one has arrived: what the server already sent. */
    private static final Duration DRAIN_WAIT = Duration.ofMillis(2);

    private final JetStream jetStream;
    private final String stream;
    private final String durable;
    private final BusSettings.Consumers settings;
    private final Consumer<List<Message>> batches;
    private final Runnable restarted;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running;

    PullWorkers(JetStream jetStream, String stream, String durable, BusSettings.Consumers settings,
                Consumer<List<Message>> batches, Runnable restarted) {
        this.jetStream = jetStream;
        this.stream = stream;
        this.durable = durable;
        this.settings = settings;
        this.batches = batches;
        this.restarted = restarted;
    }

    synchronized void start() {
        running = true;
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofVirtual().name(durable + "-" + i).start(this::run));
        }
    }

    /**
     * A worker's loop ends only when the consumer closes: whatever it catches, an Error included, is
     * logged and counted, and it starts over with a new subscription a second later.
     */
    private void run() {
        JetStreamSubscription subscription = null;
        while (running) {
            try {
                if (subscription == null) {
                    subscription = jetStream.subscribe(null, PullSubscribeOptions.bind(stream, durable));
                }
                List<Message> batch = nextBatch(subscription);
                if (!batch.isEmpty()) {
                    batches.accept(batch);
                }
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                log.warn("Consumer {} on {}: {}; retrying", durable, stream, e.toString());
                subscription = null;
                pause(Duration.ofSeconds(1));
            } catch (Throwable e) {
                if (!running) {
                    break;
                }
                log.error("Consumer {} on {}: its loop caught {}; restarting it", durable, stream, e.toString(), e);
                restarted.run();
                subscription = null;
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * Waits up to the fetch wait for the first event, then takes what else has already arrived: a
     * batch never waits to fill up, so an idle consumer answers a lone event at once ({@code fetch}
     * would hold it until the batch is full or the wait is over).
     */
    private List<Message> nextBatch(JetStreamSubscription subscription) throws InterruptedException {
        subscription.pullNoWait(settings.batchSize(), FETCH_WAIT);
        List<Message> batch = new ArrayList<>();
        Message next = subscription.nextMessage(FETCH_WAIT.plus(FETCH_SLACK));
        while (next != null) {
            if (next.isJetStream()) {
                batch.add(next);
            }
            if (batch.size() >= settings.batchSize()) {
                break;
            }
            next = subscription.nextMessage(DRAIN_WAIT);
        }
        return batch;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
