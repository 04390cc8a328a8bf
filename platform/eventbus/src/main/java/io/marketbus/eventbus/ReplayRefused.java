package io.marketbus.eventbus;

/**
 * A dead letter that may not be replayed: its event is older than the bus's replay horizon, so the
 * consumers that handled it may have forgotten it (see {@link RetentionHorizons}). Nothing was changed.
 */
public final class ReplayRefused extends IllegalStateException {

    private final long sequence;

    public ReplayRefused(long sequence, String reason) {
        super(reason);
        this.sequence = sequence;
    }

    /** The dead letter's sequence. */
    public long sequence() {
        return sequence;
    }
}
