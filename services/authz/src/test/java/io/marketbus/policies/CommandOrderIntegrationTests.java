package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.policy.Policy;
import io.marketbus.testkit.ServiceTestEnvironment;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Commands on one policy handled out of order: the newer one wins, whatever the arrival order. */
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

    final Instant t1 = Instant.parse("2026-11-28T10:00:00Z");
    final Instant t2 = t1.plusMillis(1);

    @Test
    void aGrantArrivingAfterItsNewerRevocationStaysRevoked() {
        Policy policy = Policy.parse("300:get:orders:1");
        assertThat(policies.remove(policy, t2)).isEmpty();
        assertThat(policies.upsert(policy, t1)).as("stale grant").isEmpty();
        assertThat(policies.of("300", java.util.List.of()).policies()).isEmpty();
    }

    @Test
    void aRevocationArrivingAfterANewerGrantDoesNotRevokeIt() {
        Policy policy = Policy.parse("301:get:orders:1");
        assertThat(policies.upsert(policy, t2)).isPresent();
        assertThat(policies.remove(policy, t1)).as("stale revocation").isEmpty();
        assertThat(policies.of("301", java.util.List.of()).policies()).containsExactly(policy);
    }

    @Test
    void inOrderCommandsApplyAndEachChangeTakesTheNextRevision() {
        Policy policy = Policy.parse("302:get:orders:1");
        long granted = policies.upsert(policy, t1).orElseThrow();
        long revoked = policies.remove(policy, t2).orElseThrow();
        assertThat(revoked).isEqualTo(granted + 1);
        assertThat(policies.upsert(policy, t2.plusMillis(1))).hasValue(revoked + 1);
    }
}
