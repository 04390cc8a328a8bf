package io.marketbus.accounts.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.contract.events.AccountRole;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccountAccessUnitTests {

    final AccountAccess access = new OwnershipAccountAccess();
    final Caller admin = new Caller("1", "admin");
    final Caller alice = new Caller("7", "customer");
    final Caller service = new Caller("svc:ordersvc", "service");

    @Test
    void anAdministratorMayDoAnything() {
        assertThat(access.mayRead(admin, 7)).isTrue();
        assertThat(access.mayDelete(admin, 7)).isTrue();
        assertThat(access.mayCreate(admin, AccountRole.ADMIN)).isTrue();
        assertThat(access.readable(admin).all()).isTrue();
    }

    @Test
    void anAccountMayReadAndDeleteOnlyItself() {
        assertThat(access.mayRead(alice, 7)).isTrue();
        assertThat(access.mayDelete(alice, 7)).isTrue();
        assertThat(access.mayRead(alice, 8)).isFalse();
        assertThat(access.mayDelete(alice, 8)).isFalse();
        assertThat(access.readable(alice)).isEqualTo(AccountAccess.Visible.only(Set.of(7L)));
    }

    @Test
    void signUpIsOpenForCustomersAndSellersOnly() {
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.CUSTOMER)).isTrue();
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.SELLER)).isTrue();
        assertThat(access.mayCreate(Caller.ANONYMOUS, AccountRole.ADMIN)).isFalse();
        assertThat(access.mayCreate(alice, AccountRole.ADMIN)).isFalse();
    }

    @Test
    void aServiceOwnsNoAccount() {
        assertThat(access.readable(service)).isEqualTo(AccountAccess.Visible.only(Set.of()));
        assertThat(access.mayRead(service, 7)).isFalse();
        assertThat(access.readable(Caller.ANONYMOUS).ids()).isEmpty();
    }
}
