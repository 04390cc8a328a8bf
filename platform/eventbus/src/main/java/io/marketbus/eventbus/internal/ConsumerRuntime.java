package io.marketbus.eventbus.internal;

import io.marketbus.contract.EventCodec;
import io.marketbus.eventbus.BusSettings;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every consumer of one bus instance works with. Built once per bus; each component has a type
 * of its own, so the order of the arguments cannot be mixed up.
 */
public record ConsumerRuntime(BusSettings settings, Connection connection, JetStream jetStream, TransactionTemplate tx,
                              Inbox inbox, EventCodec codec, DeadLetterStream deadLetters, BusMetrics metrics,
                              BusObservations observations) {}
