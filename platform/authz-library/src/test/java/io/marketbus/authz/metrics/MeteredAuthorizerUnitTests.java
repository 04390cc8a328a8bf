package io.marketbus.authz.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.testing.InMemoryPolicySource;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MeteredAuthorizerUnitTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InMemoryPolicySource source = InMemoryPolicySource.ofFixture("orders-basic");
    private final CachingAuthorizer cache =
            CachingAuthorizer.builder(source, Set.of("orders")).executor(Runnable::run).build();

    @Test
    void countsDecisionsByOutcome() {
        MeteredAuthorizer authorizer = new MeteredAuthorizer(cache, registry);

        authorizer.check("10", "get", "orders", "15");
        authorizer.check("10", "get", "orders", "15");
        authorizer.check("10", "ship", "orders", "15");
        authorizer.visibleIds("11", "get", "orders");
        authorizer.visibleIds("10", "get", "orders");
        source.goDown();
        assertThatThrownBy(() -> authorizer.check("13", "get", "orders", "1"))
                .isInstanceOf(AuthorizationUnavailableException.class);

        assertThat(count("authz.decisions", "result", "allow")).isEqualTo(2);
        assertThat(count("authz.decisions", "result", "deny")).isEqualTo(1);
        assertThat(count("authz.decisions", "result", "unavailable")).isEqualTo(1);
        assertThat(count("authz.visible.ids", "scope", "all")).isEqualTo(1);
        assertThat(count("authz.visible.ids", "scope", "only")).isEqualTo(1);
    }

    @Test
    void reportsTheCachesHitsMissesAndLoads() {
        new PolicyCacheMetrics(cache).bindTo(registry);

        cache.check("10", "get", "orders", "15");
        cache.check("10", "get", "orders", "16");
        cache.check("11", "get", "orders", "1");
        source.goDown();
        assertThatThrownBy(() -> cache.check("12", "get", "orders", "1"))
                .isInstanceOf(AuthorizationUnavailableException.class);

        assertThat(functionCount("authz.cache.requests", "result", "hit")).isEqualTo(1);
        assertThat(functionCount("authz.cache.requests", "result", "miss")).isEqualTo(3);
        assertThat(functionCount("authz.cache.loads", "result", "success")).isEqualTo(2);
        assertThat(functionCount("authz.cache.loads", "result", "failure")).isEqualTo(1);
        assertThat(registry.get("authz.cache.load").functionTimer().count()).isEqualTo(3);
        assertThat(registry.get("authz.cache.size").gauge().value()).isEqualTo(2);
        assertThat(registry.get("authz.cache.evictions").functionCounter().count()).isZero();
        assertThat(registry.get("authz.cache.load").meter()).isInstanceOf(FunctionTimer.class);
    }

    private double count(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).counter().count();
    }

    private double functionCount(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).functionCounter().count();
    }
}
