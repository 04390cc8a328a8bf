package io.marketbus.eventbus;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long the bus may hand a consumer an event again, and so how long whatever recognises a repeat
 * (the inbox, authzsvc's tombstones) must remember it. One derivation from the stream settings:
 *
 * <ul>
 *   <li>an event is delivered from its stream for at most the stream's max age after publishing, and
 *       dead-lettered at the latest then;</li>
 *   <li>its dead letter is kept for the dead-letter max age, so a replay re-publishes it at most
 *       {@link #replayHorizon()} = max age + dead-letter max age after the original publish;</li>
 *   <li>the replayed copy can wait in the stream another max age before a lagging consumer sees it, so
 *       a consumer must remember a handled event for {@link #dedupeRetention()} = 2 × max age +
 *       dead-letter max age after it handled it (it handled it no earlier than its publish).</li>
 * </ul>
 *
 * A replay of a dead letter whose event is older than the replay horizon is refused: the consumers may
 * have forgotten it, and would apply it twice.
 *
 * @param streamMaxAge     how long the service streams keep events
 * @param deadLetterMaxAge how long the dead-letter stream keeps dead letters
 */
public record RetentionHorizons(Duration streamMaxAge, Duration deadLetterMaxAge) {

    /** The share of the stream max age after which a pending event counts as about to age out. */
    public static final double PENDING_AGE_WARNING = 0.8;

    public RetentionHorizons {
        Objects.requireNonNull(streamMaxAge, "streamMaxAge");
        Objects.requireNonNull(deadLetterMaxAge, "deadLetterMaxAge");
        if (streamMaxAge.isNegative() || streamMaxAge.isZero() || deadLetterMaxAge.isNegative() || deadLetterMaxAge.isZero()) {
            // Zero means "unlimited" to JetStream; an unlimited stream has no finite horizon to derive.
            throw new IllegalArgumentException("Retention horizons need positive stream and dead-letter max ages");
        }
    }

    public static RetentionHorizons of(BusSettings.Streams streams) {
        return new RetentionHorizons(streams.maxAge(), streams.deadLetterMaxAge());
    }

    /** The oldest an event may be (since its publish) for a replay of its dead letter. */
    public Duration replayHorizon() {
        return streamMaxAge.plus(deadLetterMaxAge);
    }

    /** How long a consumer's inbox entry, or a tombstone, must be kept after it was written. */
    public Duration dedupeRetention() {
        return replayHorizon().plus(streamMaxAge);
    }

    /** The age of a consumer's oldest pending event from which it is about to be lost to the max age. */
    public Duration pendingAgeWarning() {
        return Duration.ofMillis((long) (streamMaxAge.toMillis() * PENDING_AGE_WARNING));
    }

    /**
     * Why an event published at {@code publishedAt} may not be replayed at {@code now}, or empty when it
     * may.
     */
    public Optional<String> refuseReplay(Instant publishedAt, Instant now) {
        Duration age = Duration.between(publishedAt, now);
        if (age.compareTo(replayHorizon()) <= 0) {
            return Optional.empty();
        }
        return Optional.of("its event was published " + age.withNanos(0) + " ago, beyond the dedupe horizon of "
                + replayHorizon() + " (stream max age " + streamMaxAge + " + dead-letter max age " + deadLetterMaxAge
                + "): consumers may have forgotten it and would apply it twice");
    }
}
