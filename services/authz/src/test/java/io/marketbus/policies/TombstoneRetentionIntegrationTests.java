package io.marketbus.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.testkit.ServiceTestEnvironment;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A removal's tombstone lives as long as the bus may bring back an older command on that policy:
 * with a 30-day stream max age and the 7-day dead-letter max age that is 2 x 30 d + 7 d = 67 days.
 */
@SpringBootTest(classes = PoliciesApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=authzsvc", "marketbus.streams.max-age=P30D"})
class TombstoneRetentionIntegrationTests {

    @AutoClose
    static final ServiceTestEnvironment env = ServiceTestEnvironment.start("authzsvc");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PolicyStore store;

    void tombstone(String subject, int daysAgo) {
        jdbc.sql("""
                insert into policy_removals (subject, resource_type, action, resource_id, removed_at, command_sequence)
                values (?, 'orders', 'get', '1', ?, 5)""")
                .params(subject, OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo)).update();
    }

    boolean kept(String subject) {
        return jdbc.sql("select count(*) from policy_removals where subject = ?").param(subject)
                .query(Integer.class).single() == 1;
    }

    @Test
    void tombstonesAreKeptForTheDedupeRetentionOfTheConfiguredStreams() {
        tombstone("701", 10);
        tombstone("702", 66);
        tombstone("703", 68);

        store.forgetOldRemovals();

        assertThat(kept("701")).as("10 days old: a fixed 7 days would have dropped it").isTrue();
        assertThat(kept("702")).as("66 days old, within 67").isTrue();
        assertThat(kept("703")).as("68 days old, beyond the horizon").isFalse();
    }
}
