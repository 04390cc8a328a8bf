package io.marketbus.support.bus;

import io.marketbus.eventbus.BusSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.*}: which service this is and how it reaches the bus. Every value has the
 * original's default, so a service needs only {@code marketbus.service}. {@code whole-contract=false}
 * lets a test stand-in handle part of a service's receive operations; real services keep it true.
 * {@code instance} tells instances of one service apart (see {@link #connectionName()}).
 */
@ConfigurationProperties("marketbus")
public record BusProperties(
        String service,
        @DefaultValue("") String namespace,
        @DefaultValue Nats nats,
        @DefaultValue Streams streams,
        @DefaultValue Consumers consumers,
        @DefaultValue Relay relay,
        @DefaultValue("true") boolean wholeContract,
        @DefaultValue("") String instance) {

    /**
     * How this instance names itself to NATS, {@code ordersvc} or {@code ordersvc-2} with
     * {@code marketbus.instance=2} ({@code ./marketbus service ordersvc --instance=2}), so the server's
     * connection list ({@code /connz}, {@code nats server report connections}) tells instances apart.
     */
    public String connectionName() {
        return instance.isBlank() ? service : service + "-" + instance;
    }

    public record Nats(@DefaultValue("nats://127.0.0.1:4222") String url) {}

    public record Streams(@DefaultValue("true") boolean fileStorage,
                          @DefaultValue("1") int replicas,
                          @DefaultValue("24h") Duration maxAge,
                          @DefaultValue("2m") Duration duplicateWindow,
                          @DefaultValue("7d") Duration deadLetterMaxAge) {
        BusSettings.Streams toSettings() {
            return new BusSettings.Streams(fileStorage, replicas, maxAge, duplicateWindow, deadLetterMaxAge);
        }
    }

    public record Consumers(@DefaultValue("10") int maxDeliveries,
                            @DefaultValue({"100ms", "500ms", "2s", "5s", "15s"}) List<Duration> backoff,
                            @DefaultValue("30s") Duration ackWait,
                            @DefaultValue("1000") int maxAckPending,
                            @DefaultValue("2") int workers,
                            @DefaultValue("64") int batchSize) {
        BusSettings.Consumers toSettings() {
            return new BusSettings.Consumers(maxDeliveries, backoff, ackWait, maxAckPending, workers, batchSize);
        }
    }

    public record Relay(@DefaultValue("200ms") Duration pollInterval,
                        @DefaultValue("256") int batchSize,
                        @DefaultValue("5s") Duration ackTimeout,
                        @DefaultValue("1h") Duration retention) {
        BusSettings.Relay toSettings() {
            return new BusSettings.Relay(pollInterval, batchSize, ackTimeout, retention);
        }
    }
}
