package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.policy.Policy;
import io.marketbus.testkit.ServiceTestEnvironment;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Commands on one policy handled out of order (upserts and removals have two consumers): the one the
 * stream received later wins, whatever the handling order; changes over HTTP apply in commit order.
 */
@SpringBootTest(classes = PoliciesApplication.class, properties = "spring.config.name=authzsvc")
class CommandOrderIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @Autowired
    Policies policies;

    /** Stream sequences of two commands: {@code s1} received first. */
    final long s1 = 10;
    final long s2 = 11;

    @Test
    void aGrantArrivingAfterItsNewerRevocationStaysRevoked() {
        Policy policy = Policy.parse("300:get:orders:1");
        assertThat(policies.remove(policy, s2)).isEmpty();
        assertThat(policies.upsert(policy, s1)).as("stale grant").isEmpty();
        assertThat(policies.of("300", java.util.List.of()).policies()).isEmpty();
    }

    @Test
    void aRevocationArrivingAfterANewerGrantDoesNotRevokeIt() {
        Policy policy = Policy.parse("301:get:orders:1");
        assertThat(policies.upsert(policy, s2)).isPresent();
        assertThat(policies.remove(policy, s1)).as("stale revocation").isEmpty();
        assertThat(policies.of("301", java.util.List.of()).policies()).containsExactly(policy);
    }

    @Test
    void inOrderCommandsApplyAndEachChangeTakesTheNextRevision() {
        Policy policy = Policy.parse("302:get:orders:1");
        long granted = policies.upsert(policy, s1).orElseThrow();
        long revoked = policies.remove(policy, s2).orElseThrow();
        assertThat(revoked).isEqualTo(granted + 1);
        assertThat(policies.upsert(policy, s2 + 1)).hasValue(revoked + 1);
    }

    @Test
    void aChangeOverHttpWinsOverEveryCommandAppliedBefore_andALateOlderCommandCannotUndoIt() {
        Policy policy = Policy.parse("303:get:orders:1");
        assertThat(policies.upsert(policy, s2)).isPresent();
        assertThat(policies.removeNow(policy)).as("the administrator's revocation").isPresent();
        assertThat(policies.upsert(policy, s1)).as("an older command handled late").isEmpty();
        assertThat(policies.of("303", java.util.List.of()).policies()).isEmpty();
        assertThat(policies.upsert(policy, s2 + 1)).as("a command received later applies").isPresent();
    }

    @Test
    void aRedeliveredCommandChangesNothing() {
        Policy policy = Policy.parse("304:get:orders:1");
        assertThat(policies.upsert(policy, s1)).isPresent();
        assertThat(policies.removeNow(policy)).isPresent();
        assertThat(policies.upsert(policy, s1)).as("the same command again").isEmpty();
    }
}
