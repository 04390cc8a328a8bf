package io.marketbus.support.authz;

import io.nats.client.Connection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Whether policy changes reach this instance: its NATS connection is up and, after it was seen
 * down, the per-instance subscriptions have been made again (the reconnect listener runs after the
 * bus's own, which resubscribes). The cache asks every sweep; down longer than the partition bound,
 * it checks remotely.
 */
public final class BusLink implements BooleanSupplier {

    private final Connection connection;
    private final AtomicBoolean awaitingResubscription = new AtomicBoolean();

    public BusLink(Connection connection) {
        this.connection = connection;
    }

    @Override
    public boolean getAsBoolean() {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            awaitingResubscription.set(true);
            return false;
        }
        return !awaitingResubscription.get();
    }

    /** Called on reconnect, after the bus has subscribed again. */
    public void resubscribed() {
        awaitingResubscription.set(false);
    }
}
