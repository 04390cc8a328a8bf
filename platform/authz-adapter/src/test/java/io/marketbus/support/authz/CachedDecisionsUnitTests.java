package io.marketbus.support.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.cache.CacheDefaults;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.metrics.MeteredAuthorizer;
import io.marketbus.eventbus.EventSubscriptions;
import io.marketbus.eventbus.Outbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A service decides through the cache, metered, with the library's defaults; a context that brings
 * its own {@link Permissions} (the load benchmark's baselines) gets no cache.
 */
class CachedDecisionsUnitTests {

    /** Denies everything. */
    static final Authorizer DENY_ALL = new Authorizer() {
        @Override
        public boolean check(String subject, String action, String resourceType, String resourceId) {
            return false;
        }

        @Override
        public VisibleIds visibleIds(String subject, String action, String resourceType) {
            return VisibleIds.none();
        }
    };

    final DenialWatch denials = new DenialWatch(new AuthzProperties.Denials(1000, Duration.ofMinutes(1)),
            mock(Outbox.class), mock(PlatformTransactionManager.class));

    final ApplicationContextRunner service = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AuthzAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withBean(Outbox.class, () -> mock(Outbox.class))
            .withBean(PlatformTransactionManager.class, () -> mock(PlatformTransactionManager.class))
            .withPropertyValues("marketbus.authz.owned-types=orders");

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    static void signedInAs(String subject, String role) {
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                subject, "n/a", List.of(new SimpleGrantedAuthority(role))));
    }

    @Test
    void localStillDecidesThroughItsAuthorizer() {
        Permissions local = new Permissions(DENY_ALL, denials, true);
        signedInAs("7", "customer");

        assertThat(local.allows("get", "orders", "o1")).isFalse();
        assertThatThrownBy(() -> local.require("get", "orders", "o1")).isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(local.visibleIds("get", "orders").isAll()).isFalse();
    }

    @Test
    void aServiceDecidesThroughTheMeteredCache() {
        service.run(context -> {
            assertThat(context).hasSingleBean(CachingAuthorizer.class).hasSingleBean(EventSubscriptions.class)
                    .hasSingleBean(Permissions.class);
            assertThat(context.getBean("authorizer")).isInstanceOf(MeteredAuthorizer.class);
            context.getBean(CachingAuthorizer.class).close();
        });
    }

    @Test
    void theCacheSettingsDefaultToTheLibrarysDefaults() {
        service.run(context -> {
            AuthzProperties properties = context.getBean(AuthzProperties.class);
            assertThat(properties.maximumSubjects()).isEqualTo(100_000);
            assertThat(properties.expireAfterAccess()).isEqualTo(Duration.ofMinutes(30));
            assertThat(properties.refreshAfter()).isEqualTo(Duration.ofMinutes(5));
            assertThat(properties.stalenessBound()).isEqualTo(Duration.ofMinutes(15));
            assertThat(properties.refreshAfter()).isEqualTo(Duration.parse(CacheDefaults.REFRESH_AFTER));
            assertThat(properties.stalenessBound()).isEqualTo(Duration.parse(CacheDefaults.STALENESS_BOUND));
            context.getBean(CachingAuthorizer.class).close();
        });
    }

    @Test
    void aContextWithItsOwnPermissionsGetsNoCache() {
        service.withBean(Permissions.class, () -> new Permissions(DENY_ALL, denials, true)).run(context -> {
            assertThat(context).doesNotHaveBean(CachingAuthorizer.class).hasSingleBean(Permissions.class);
            assertThat(context.getBean(Permissions.class).allows("get", "orders", "o1")).isFalse();
        });
    }
}
