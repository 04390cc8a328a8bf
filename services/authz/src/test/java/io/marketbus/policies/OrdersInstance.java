package io.marketbus.policies;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.busaccess.BusIdentities;
import io.marketbus.contract.ServiceName;
import io.marketbus.eventbus.BusSettings;
import io.marketbus.eventbus.EventBus;
import io.marketbus.eventbus.NatsConnections;
import io.marketbus.support.authz.BusLink;
import io.marketbus.support.authz.HttpPolicySource;
import io.marketbus.support.authz.PolicyCacheUpdates;
import io.marketbus.support.security.RevokedAccounts;
import io.marketbus.testkit.TestNats;
import io.marketbus.testkit.TestTokens;
import io.nats.client.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.web.client.RestClient;

/**
 * One instance of a service owning "orders", wired as the adapter wires it: its cache of authzsvc's
 * policies kept current by event-policy-updated, deletions marked by event-account-revoked, its own
 * NATS connection as ordersvc (optionally through another URL, such as a {@code TcpProxy}).
 */
record OrdersInstance(CachingAuthorizer cache, EventBus bus, Connection connection) implements AutoCloseable {

    static OrdersInstance start(String name, int authzPort, TestNats nats, TestTokens tokens, String natsUrl,
            UnaryOperator<CachingAuthorizer.Builder> settings) throws Exception {
        RestClient authz = RestClient.builder().baseUrl("http://127.0.0.1:" + authzPort)
                .defaultHeader("Authorization", "Bearer " + tokens.token("svc:ordersvc", "service")).build();
        NatsConnections.Reconnects reconnects = new NatsConnections.Reconnects();
        Connection connection = NatsConnections.connect(natsUrl, name, reconnects,
                nats.credentials().map(BusIdentities::in).orElse(null), ServiceName.ORDER.busName());
        BusLink link = new BusLink(connection);
        CachingAuthorizer cache = settings.apply(CachingAuthorizer.builder(new HttpPolicySource(authz), Set.of("orders"))
                        .updatesConnected(link))
                .build();
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:" + name + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        EventBus bus = EventBus.builder(BusSettings.defaults(ServiceName.ORDER, nats.namespace()), connection, db)
                .provisioning(nats.connection()).wholeContract(false).build();
        reconnects.add(bus::resetBroadcasts);
        reconnects.add(link::resubscribed); // as the adapter does: after the bus has subscribed again
        new PolicyCacheUpdates(cache).subscribe(bus);
        RevokedAccounts revoked = new RevokedAccounts(Duration.ofMinutes(15), Clock.systemUTC());
        revoked.onRevoked(cache::subjectDeleted);
        revoked.subscribe(bus);
        bus.start();
        return new OrdersInstance(cache, bus, connection);
    }

    @Override
    public void close() throws Exception {
        bus.close();
        cache.close();
        connection.close();
    }
}
