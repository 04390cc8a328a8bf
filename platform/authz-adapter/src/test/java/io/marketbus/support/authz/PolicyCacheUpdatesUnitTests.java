package io.marketbus.support.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.policy.Policy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** An event-policy-updated that cannot be decoded drops the subject it names, or every subject. */
class PolicyCacheUpdatesUnitTests {

    private final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    @AutoClose
    private final CachingAuthorizer cache = CachingAuthorizer.builder((subject, types) -> {
        loads.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        return new PolicySnapshot(List.of(new Policy(subject, "get", "orders", "1")), 1);
    }, Set.of("orders")).build();
    private final PolicyCacheUpdates updates = new PolicyCacheUpdates(cache);

    private void checkBoth() {
        assertThat(cache.check("7", "get", "orders", "1")).isTrue();
        assertThat(cache.check("8", "get", "orders", "1")).isTrue();
    }

    private int loadsOf(String subject) {
        return loads.getOrDefault(subject, new AtomicInteger()).get();
    }

    @Test
    void theSubjectOfTheDataIsDropped() {
        checkBoth();
        updates.reset("""
                {"type":"event-policy-updated","subject":"8","data":{"subject":"7","revision":"not a number"}}"""
                .getBytes(StandardCharsets.UTF_8));
        checkBoth();
        assertThat(loadsOf("7")).isEqualTo(2);
        assertThat(loadsOf("8")).isEqualTo(1);
    }

    @Test
    void withoutDataTheCloudEventsSubjectIsDropped() {
        checkBoth();
        updates.reset("{\"type\":\"event-policy-updated\",\"subject\":\"8\",\"data\":42}".getBytes(StandardCharsets.UTF_8));
        checkBoth();
        assertThat(loadsOf("7")).isEqualTo(1);
        assertThat(loadsOf("8")).isEqualTo(2);
    }

    @Test
    void whatNamesNobodyDropsEverySubject() {
        checkBoth();
        updates.reset("\u0000 not json".getBytes(StandardCharsets.UTF_8));
        checkBoth();
        assertThat(loadsOf("7")).isEqualTo(2);
        assertThat(loadsOf("8")).isEqualTo(2);
    }
}
