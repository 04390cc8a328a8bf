package io.marketbus.eventbus;

import io.marketbus.contract.Namespace;

import io.marketbus.contract.EventCatalogue;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.internal.BusProvisioner;
import io.marketbus.eventbus.internal.DeadLetterStream;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Operator's view of the bus, without running any service: provisioning and dead letters. */
public final class BusAdministration {

    private final Connection connection;
    private final Namespace namespace;

    public BusAdministration(Connection connection, Namespace namespace) {
        this.connection = connection;
        this.namespace = namespace;
    }

    /**
     * Creates or updates every stream of the contract, the dead-letter stream and every service's
     * durable consumers. Idempotent.
     *
     * @return what exists now: stream names, then {@code stream/consumer} pairs
     */
    public List<String> provision(EventCatalogue catalogue, BusSettings.Streams streams, BusSettings.Consumers consumers)
            throws IOException, JetStreamApiException {
        BusProvisioner provisioner =
                new BusProvisioner(connection.jetStreamManagement(), catalogue, namespace, streams, consumers);
        List<String> provisioned = new ArrayList<>(provisioner.provisionStreams());
        for (ServiceName service : ServiceName.values()) {
            provisioned.addAll(provisioner.provisionConsumers(service, null));
        }
        return provisioned;
    }

    /** The dead letters, for streams provisioned with the default settings. */
    public DeadLetters deadLetters() throws IOException {
        return deadLetters(BusSettings.Streams.DEFAULTS);
    }

    /** The dead letters; {@code streams} are the bus's stream settings, which bound what may be replayed. */
    public DeadLetters deadLetters(BusSettings.Streams streams) throws IOException {
        return new DeadLetterStream(connection.jetStream(), connection.jetStreamManagement(), namespace,
                RetentionHorizons.of(streams));
    }
}
