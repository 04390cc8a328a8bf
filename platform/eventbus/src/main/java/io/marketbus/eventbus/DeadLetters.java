package io.marketbus.eventbus;

import java.util.List;

/** The dead-letter stream of a namespace: what could not be handled, and a way back. */
public interface DeadLetters {

    List<DeadLetter> list();

    /**
     * Publishes the original event again on its subject (under a new message id, so JetStream does not
     * drop it as a duplicate) and removes it from the dead letters. Services that handled it already
     * skip it through their inbox.
     */
    void replay(long sequence);
}
