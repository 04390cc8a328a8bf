package io.marketbus.accounts.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.authz.cache.PolicySnapshot;
import io.marketbus.authz.cache.PolicySourceUnavailableException;
import io.marketbus.authz.policy.Policy;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.authz.AuthzProperties;
import io.marketbus.support.authz.DenialWatch;
import io.marketbus.support.authz.Permissions;
import io.marketbus.support.web.VisibleRows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;

/** The account rules over the authz library's real cache, with the policies served from memory. */
class AccountAccessUnitTests {

    final Map<String, List<String>> policies = new ConcurrentHashMap<>(Map.of(
            "7", List.of("7:*:accounts:7"),
            "8", List.of("8:*:accounts:8"),
            "9", List.of("9:get:accounts:7", "9:get:accounts:8", "9:get:accounts:not-a-number"),
            "10", List.of("10:get:accounts:*"),
            "11", List.of("11:*:orders:*")));
    final List<String> loaded = new CopyOnWriteArrayList<>();
    volatile boolean authzDown;

    final CachingAuthorizer cache = CachingAuthorizer.builder((subject, types) -> {
        if (authzDown) {
            throw new PolicySourceUnavailableException("authzsvc is down", null);
        }
        loaded.add(subject);
        return new PolicySnapshot(policies.getOrDefault(subject, List.of()).stream().map(Policy::parse)
                .filter(p -> types.contains(p.resourceType())).toList(), 1);
    }, Set.of("accounts")).build();

    final AccountAccess access = new PolicyAccountAccess(new Permissions(cache,
            new DenialWatch(new AuthzProperties.Denials(1000, Duration.ofMinutes(1)), mock(Outbox.class),
                    mock(PlatformTransactionManager.class)), true));

    static void callerIs(String subject, String role) {
        SecurityContextHolder.getContext().setAuthentication(
                new TestingAuthenticationToken(subject, null, "ROLE_" + role));
    }

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
        cache.close();
    }

    @Test
    void anAccountMayReadAndDeleteWhatItsPoliciesGrant_itselfAfterSignUp() {
        callerIs("7", "customer");
        access.requireRead(7);
        access.requireDelete(7);
        assertThatThrownBy(() -> access.requireRead(8)).isInstanceOf(Permissions.PermissionDenied.class);
        assertThatThrownBy(() -> access.requireDelete(8)).isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(access.readable()).isEqualTo(VisibleRows.only(Set.of(7L)));
    }

    @Test
    void theActionMatters_andListsShowExactlyTheGrantedIds() {
        callerIs("9", "customer");
        access.requireRead(8);
        assertThatThrownBy(() -> access.requireDelete(8)).isInstanceOf(Permissions.PermissionDenied.class);
        assertThatThrownBy(() -> access.requireRead(9)).as("no policy on itself").isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(access.readable()).as("an id that is no number names no account")
                .isEqualTo(VisibleRows.only(Set.of(7L, 8L)));

        callerIs("10", "seller");
        access.requireRead(12345);
        assertThat(access.readable().all()).isTrue();

        callerIs("11", "seller");
        assertThatThrownBy(() -> access.requireRead(11)).as("policies of other types grant nothing here")
                .isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(access.readable().ids()).isEmpty();
    }

    @Test
    void anAdministratorMayDoAnything_withoutAskingForPolicies() {
        callerIs("1", "admin");
        access.requireRead(7);
        access.requireDelete(7);
        assertThat(access.readable().all()).isTrue();
        assertThat(access.mayCreate(new Caller("1", "admin"), AccountRole.ADMIN)).isTrue();
        assertThat(loaded).isEmpty();
    }

    @Test
    void signUpIsOpenForCustomersAndSellersOnly() {
        Caller alice = new Caller("7", "customer");
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.CUSTOMER)).isTrue();
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.SELLER)).isTrue();
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.ADMIN)).isFalse();
        assertThat(access.mayCreate(alice, AccountRole.ADMIN)).isFalse();
    }

    @Test
    void aServiceIdentityCannotHoldPolicies_soItSeesNothing_withoutAskingAuthzsvc() {
        callerIs("svc:ordersvc", "service");
        assertThat(access.readable()).isEqualTo(VisibleRows.only(Set.of()));
        assertThatThrownBy(() -> access.requireRead(7)).isInstanceOf(Permissions.PermissionDenied.class);
        assertThat(loaded).isEmpty();
    }

    @Test
    void whenThePoliciesCannotBeHad_itIsUnavailable_neverAllowed() {
        authzDown = true;
        callerIs("7", "customer");
        assertThatThrownBy(() -> access.requireRead(7)).isInstanceOf(AuthorizationUnavailableException.class);
        assertThatThrownBy(access::readable).isInstanceOf(AuthorizationUnavailableException.class);
    }
}
