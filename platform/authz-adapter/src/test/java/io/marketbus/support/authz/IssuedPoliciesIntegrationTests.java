package io.marketbus.support.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import io.marketbus.authz.policy.PolicyChange;
import io.marketbus.contract.events.EventPayload;
import io.marketbus.eventbus.Outbox;
import io.marketbus.testkit.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two instances of one service sharing its PostgreSQL schema: what one instance grants or revokes
 * through {@link IssuedPolicies} binds both from the commit on, before authzsvc's confirmation
 * (here never sent: the store stands still); the command is in the outbox of the same transaction.
 */
class IssuedPoliciesIntegrationTests {

    final TestDatabase db = createDatabase();
    final List<EventPayload> outbox = new CopyOnWriteArrayList<>();
    final Outbox recording = (aggregate, event) -> {
        outbox.add(event);
        return UUID.randomUUID();
    };
    /** authzsvc as it stands before it has handled the commands: the customer may cancel order o1. */
    final List<Policy> stored = new CopyOnWriteArrayList<>(List.of(Policy.parse("7:cancel:orders:o1")));

    static TestDatabase createDatabase() {
        try {
            return TestDatabase.create("issued_policies");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        db.close();
    }

    /** One instance: its cache (kept current by nothing but its loads) over the shared database. */
    record Instance(CachingAuthorizer cache, IssuedPolicies policies, TransactionTemplate tx) {}

    Instance instance() {
        return instance(Set.of("orders"));
    }

    Instance instance(Set<String> revokedTypes) {
        IssuedChangeStore store = new IssuedChangeStore(db.dataSource(), Duration.ofMinutes(15), Clock.systemUTC());
        CachingAuthorizer cache = CachingAuthorizer.builder((subject, types) -> new PolicySnapshot(
                        stored.stream().filter(p -> p.subject().equals(subject)).toList(), 10), Set.of("orders"))
                .issuedChanges(store, store.kept(), revokedTypes)
                .executor(Runnable::run)
                .build();
        return new Instance(cache, IssuedPolicies.of(recording, store, cache, revokedTypes),
                new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())));
    }

    @Test
    void aRemovalIssuedByTheOwningServiceIsRefusedOnBothInstancesOnTheNextRequest() {
        Instance first = instance();
        Instance second = instance();
        assertThat(first.cache().check("7", "cancel", "orders", "o1")).isTrue();
        assertThat(second.cache().check("7", "cancel", "orders", "o1")).isTrue();

        first.tx().executeWithoutResult(s -> first.policies().revoke("7", "orders", "o1", "cancel"));

        assertThat(first.cache().check("7", "cancel", "orders", "o1")).isFalse();
        assertThat(second.cache().check("7", "cancel", "orders", "o1")).isFalse();
        assertThat(outbox).hasSize(1);
    }

    @Test
    void aGrantBindsBothInstancesAtOnceAndEndsWhereTheStoreConfirmedIt() {
        Instance first = instance();
        Instance second = instance();
        assertThat(second.cache().check("7", "get", "orders", "o2")).isFalse();

        first.tx().executeWithoutResult(s -> first.policies().grant("7", "orders", "o2", "get"));

        assertThat(first.cache().check("7", "get", "orders", "o2")).isTrue();
        assertThat(second.cache().check("7", "get", "orders", "o2")).isTrue();
        assertThat(second.cache().visibleIds("7", "get", "orders").contains("o2")).isTrue();

        // authzsvc confirms (revision 11), then an administrator revokes it (12): the overlay does
        // not undo that on the instance that applied both.
        Policy granted = Policy.parse("7:get:orders:o2");
        second.cache().apply(PolicyChange.put(granted, 11));
        second.cache().apply(PolicyChange.delete(granted, 12));
        assertThat(second.cache().check("7", "get", "orders", "o2")).isFalse();
        assertThat(first.cache().check("7", "get", "orders", "o2")).as("not confirmed there yet").isTrue();
    }

    @Test
    void aGrantOutsideATransactionIsRefused() {
        Instance first = instance();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.policies().grant("7", "orders", "o3", "get"))
                .isInstanceOf(IllegalStateException.class);
    }

    /** Its instances would not read the issued removals before allowing: the removal is refused, nothing written. */
    @Test
    void aRemovalOnATypeTheServiceDoesNotDeclareRevokedIsRefusedAndChangesNothing() {
        Instance first = instance(Set.of());
        Instance second = instance(Set.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.tx().executeWithoutResult(
                        s -> first.policies().revoke("7", "orders", "o1", "cancel")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("marketbus.authz.revoked-types");

        assertThat(outbox).isEmpty();
        assertThat(new IssuedChangeStore(db.dataSource(), Duration.ofMinutes(15), Clock.systemUTC()).of("7")).isEmpty();
        assertThat(second.cache().check("7", "cancel", "orders", "o1")).isTrue();
    }
}
