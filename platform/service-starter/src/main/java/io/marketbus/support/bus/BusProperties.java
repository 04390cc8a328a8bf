package io.marketbus.support.bus;

import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.NatsConnections;
import io.marketbus.contract.Namespace;
import io.marketbus.contract.ServiceName;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.*}: which service this is and how it reaches the bus. Every value has the
 * original's default, so a service needs only {@code marketbus.service}. {@code whole-contract=false}
 * lets a test stand-in handle part of a service's receive operations; real services keep it true.
 * The defaults are the {@code DEFAULT_*} constants of {@link BusSettings} (and of {@link EventBus}
 * and {@link NatsConnections}), so that Spring and plain Java agree.
 *
 * @param service       the service's bus name, e.g. {@code ordersvc}
 * @param namespace     prefix for streams ({@code <ns>_x}) and subjects ({@code <ns>.x}); empty for none
 * @param wholeContract whether the bus insists on a handler for every receive operation of the service
 * @param instance      this instance's id among the service's ({@code --instance}), naming its NATS
 *                      connection ({@link #connectionName()}); empty for one
 */
@ConfigurationProperties("marketbus")
public record BusProperties(
        String service,
        @DefaultValue("") String namespace,
        @DefaultValue Nats nats,
        @DefaultValue Streams streams,
        @DefaultValue Consumers consumers,
        @DefaultValue Relay relay,
        @DefaultValue("" + EventBus.DEFAULT_WHOLE_CONTRACT) boolean wholeContract,
        @DefaultValue("") String instance) {

    /**
     * How this instance names itself to NATS, {@code ordersvc} or {@code ordersvc-2} with
     * {@code marketbus.instance=2} ({@code ./marketbus service ordersvc --instance=2}), so the server's
     * connection list ({@code /connz}, {@code nats server report connections}) tells instances apart.
     */
    public String connectionName() {
        return instance.isBlank() ? service : service + "-" + instance;
    }

    BusSettings toSettings() {
        return BusSettings.builder(ServiceName.ofBusName(service), new Namespace(namespace))
                .streams(streams.toSettings())
                .consumers(consumers.toSettings())
                .relay(relay.toSettings())
                .build();
    }

    /**
     * @param url         the JetStream server
     * @param credentials the credentials folder of a secured bus (one NKey seed per identity, made by
     *                    {@code ./marketbus nats-config}); empty for an open bus. With it, the service
     *                    connects as its own identity and leaves provisioning to the provisioning one.
     */
    public record Nats(@DefaultValue(NatsConnections.DEFAULT_URL) String url,
                       @DefaultValue("") String credentials) {

        public boolean secured() {
            return !credentials.isBlank();
        }
    }

    /**
     * How streams are created; see {@link BusSettings.Streams}.
     *
     * @param fileStorage      file (true) or memory storage
     * @param replicas         stream replicas (1 on a single server, 3 on a cluster)
     * @param maxAge           how long events are kept
     * @param duplicateWindow  how long JetStream remembers a Nats-Msg-Id
     * @param deadLetterMaxAge how long dead letters are kept
     */
    public record Streams(@DefaultValue("" + BusSettings.Streams.DEFAULT_FILE_STORAGE) boolean fileStorage,
                          @DefaultValue("" + BusSettings.Streams.DEFAULT_REPLICAS) int replicas,
                          @DefaultValue(BusSettings.Streams.DEFAULT_MAX_AGE) Duration maxAge,
                          @DefaultValue(BusSettings.Streams.DEFAULT_DUPLICATE_WINDOW) Duration duplicateWindow,
                          @DefaultValue(BusSettings.Streams.DEFAULT_DEAD_LETTER_MAX_AGE) Duration deadLetterMaxAge) {
        BusSettings.Streams toSettings() {
            return BusSettings.Streams.builder().fileStorage(fileStorage).replicas(replicas).maxAge(maxAge)
                    .duplicateWindow(duplicateWindow).deadLetterMaxAge(deadLetterMaxAge).build();
        }
    }

    /**
     * How events are consumed; see {@link BusSettings.Consumers}.
     *
     * @param maxDeliveries deliveries before an event that keeps failing goes to the dead letters
     * @param backoff       delay before each redelivery after a failure; the last entry repeats
     * @param ackWait       how long a delivery may take before JetStream redelivers it
     * @param maxAckPending unacknowledged events per consumer, across all instances
     * @param workers       concurrent fetch-and-handle loops per consumer in this instance
     * @param batchSize     events fetched per pull
     * @param outageRetry   first wait between in-process retries while the database is unreachable (doubles)
     * @param outageRetryMax longest such wait
     */
    public record Consumers(@DefaultValue("" + BusSettings.Consumers.DEFAULT_MAX_DELIVERIES) int maxDeliveries,
                            @DefaultValue(BusSettings.Consumers.DEFAULT_BACKOFF) List<Duration> backoff,
                            @DefaultValue(BusSettings.Consumers.DEFAULT_ACK_WAIT) Duration ackWait,
                            @DefaultValue("" + BusSettings.Consumers.DEFAULT_MAX_ACK_PENDING) int maxAckPending,
                            @DefaultValue("" + BusSettings.Consumers.DEFAULT_WORKERS) int workers,
                            @DefaultValue("" + BusSettings.Consumers.DEFAULT_BATCH_SIZE) int batchSize,
                            @DefaultValue(BusSettings.Consumers.DEFAULT_OUTAGE_RETRY) Duration outageRetry,
                            @DefaultValue(BusSettings.Consumers.DEFAULT_OUTAGE_RETRY_MAX) Duration outageRetryMax) {
        BusSettings.Consumers toSettings() {
            return BusSettings.Consumers.builder().maxDeliveries(maxDeliveries).backoff(backoff).ackWait(ackWait)
                    .maxAckPending(maxAckPending).workers(workers).batchSize(batchSize)
                    .outageRetry(outageRetry, outageRetryMax).build();
        }
    }

    /**
     * How the outbox relay publishes; see {@link BusSettings.Relay}.
     *
     * @param pollInterval how often the relay looks for events when nobody woke it
     * @param batchSize    events published per round (acks awaited together)
     * @param ackTimeout   how long to wait for JetStream's PubAck
     * @param retention    how long published rows stay in the outbox table for inspection
     */
    public record Relay(@DefaultValue(BusSettings.Relay.DEFAULT_POLL_INTERVAL) Duration pollInterval,
                        @DefaultValue("" + BusSettings.Relay.DEFAULT_BATCH_SIZE) int batchSize,
                        @DefaultValue(BusSettings.Relay.DEFAULT_ACK_TIMEOUT) Duration ackTimeout,
                        @DefaultValue(BusSettings.Relay.DEFAULT_RETENTION) Duration retention) {
        BusSettings.Relay toSettings() {
            return BusSettings.Relay.builder().pollInterval(pollInterval).batchSize(batchSize).ackTimeout(ackTimeout)
                    .retention(retention).build();
        }
    }
}
