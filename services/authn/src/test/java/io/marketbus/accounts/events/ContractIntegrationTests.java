package io.marketbus.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.testing.TestDatabase;
import io.marketbus.eventbus.testing.TestNats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The handlers authnsvc registers are exactly what its contract receives: the bus starts with them only. */
class ContractIntegrationTests {

    static TestNats nats;
    static TestDatabase database;

    @BeforeAll
    static void start() throws Exception {
        nats = TestNats.start();
        database = TestDatabase.create("authnsvc");
    }

    @AfterAll
    static void stop() throws Exception {
        nats.close();
        database.close();
    }

    EventBus bus() {
        BusSettings settings = new BusSettings(ServiceName.AUTHN, nats.namespace(),
                new BusSettings.Streams(false, 1, Duration.ofHours(1), Duration.ofMinutes(2), Duration.ofHours(1)),
                new BusSettings.Consumers(3, List.of(Duration.ofMillis(100)), Duration.ofSeconds(30), 100, 1, 16),
                new BusSettings.Relay(Duration.ofMillis(100), 64, Duration.ofSeconds(5), Duration.ofHours(1)));
        return EventBus.builder(settings, nats.connection(), database.dataSource()).build();
    }

    @Test
    void theBusRefusesToStartWithoutHandlersForTheReceiveOperations() {
        try (EventBus bus = bus()) {
            assertThatThrownBy(bus::start).isInstanceOf(ContractViolation.class)
                    .hasMessageContaining("event-policy-updated").hasMessageContaining("event-account-authenticated");
        }
    }

    @Test
    void theBusStartsWithThisServicesSubscriptions() throws Exception {
        try (EventBus bus = bus()) {
            new BusSubscriptions().authnsvcSubscriptions().subscribe(bus);
            bus.start();
            assertThat(bus.settings().service()).isEqualTo(ServiceName.AUTHN);
        }
    }
}
