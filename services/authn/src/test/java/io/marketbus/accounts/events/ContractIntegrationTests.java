package io.marketbus.accounts.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.contract.ContractViolation;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.testkit.TestDatabase;
import io.marketbus.testkit.TestNats;
import io.marketbus.support.authz.PolicyCacheUpdates;
import java.util.List;
import java.util.Set;
import io.marketbus.support.security.RevokedAccounts;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The handlers authnsvc gets are exactly what its contract receives: the bus starts with them only.
 * They are the authz adapter's policy-cache handlers (event-policy-updated, event-account-authenticated).
 */
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
        BusSettings settings = BusSettings.defaults(ServiceName.AUTHN, nats.namespace());
        return EventBus.builder(settings, nats.connection(), database.dataSource()).build();
    }

    @Test
    void theBusRefusesToStartWithoutHandlersForTheReceiveOperations() {
        try (EventBus bus = bus()) {
            assertThatThrownBy(bus::start).isInstanceOf(ContractViolation.class)
                    .hasMessageContaining("event-policy-updated").hasMessageContaining("event-account-authenticated")
                    .hasMessageContaining("event-account-revoked");
        }
    }

    @Test
    void theBusStartsWithThisServicesSubscriptions() throws Exception {
        try (EventBus bus = bus()) {
            // What the authz adapter registers for authnsvc (marketbus.authz.owned-types=accounts).
            try (CachingAuthorizer cache = CachingAuthorizer.builder((subject, types) -> new PolicySnapshot(List.of(), 0),
                    Set.of("accounts")).build()) {
                new PolicyCacheUpdates(cache).subscribe(bus);
            }
            // What the service starter registers for every service: the view of revoked accounts.
            new RevokedAccounts(Duration.ofMinutes(15), Clock.systemUTC()).subscribe(bus);
            bus.start();
            assertThat(bus.settings().service()).isEqualTo(ServiceName.AUTHN);
        }
    }
}
