package io.marketbus.eventbus;

import java.util.List;

/** The dead-letter stream of a namespace: what could not be handled, and a way back. */
public interface DeadLetters {

    List<DeadLetter> list();

    /**
     * Publishes the original event again on its subject (under a new message id, so JetStream does not
     * drop it as a duplicate) and removes it from the dead letters. Services that handled it already
     * skip it through their inbox, as long as they remember it: a letter whose event is older than the
     * {@link RetentionHorizons#replayHorizon() replay horizon} is refused and left as it is.
     *
     * @throws ReplayRefused when the event is older than the replay horizon (the reason says by how much)
     * @throws IllegalArgumentException when there is no such dead letter
     */
    void replay(long sequence);
}
