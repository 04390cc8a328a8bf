package io.marketbus.eventbus.internal;

import io.marketbus.contract.EventDefinition;
import io.marketbus.contract.events.EventPayload;

/**
 * What one consumer reads: an event on one of its subjects (unprefixed, as in the contract), and the
 * handler it is given to.
 *
 * @param <H> {@link io.marketbus.eventbus.EventHandler} for a shared consumer,
 *            {@link io.marketbus.eventbus.BroadcastHandler} for a per-instance one
 */
public record Subscription<T extends EventPayload, H>(EventDefinition event, String subject, Class<T> type, H handler) {}
