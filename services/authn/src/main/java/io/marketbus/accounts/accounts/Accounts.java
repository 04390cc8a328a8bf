package io.marketbus.accounts.accounts;

import io.marketbus.contract.events.AccountCreated;
import io.marketbus.contract.events.AccountDeleted;
import io.marketbus.contract.events.AccountRevoked;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.contract.events.UpsertPolicy;
import io.marketbus.eventbus.Outbox;
import io.marketbus.support.web.ProblemException;
import io.marketbus.support.web.VisibleRows;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts and their passwords. Every change and the events it causes are written in one
 * transaction (the outbox), so an account never exists without its events, nor the reverse.
 */
@Service
public class Accounts {

    /** The resource type of accounts in policies. */
    static final String RESOURCE_TYPE = "accounts";

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private final AccountRepository repository;
    private final Passwords passwords;
    private final PasswordHashing hashing;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    Accounts(AccountRepository repository, Passwords passwords, PasswordHashing hashing, Outbox outbox,
             PlatformTransactionManager transactions, Clock clock) {
        this.repository = repository;
        this.passwords = passwords;
        this.hashing = hashing;
        this.outbox = outbox;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * The account with this email and password, in about the same time whether the email is unknown
     * or the password wrong, in a password-hashing turn.
     *
     * @throws io.marketbus.support.web.ProblemException 503 when no turn came in time ({@link PasswordHashing})
     */
    public Optional<Account> authenticate(String email, String password) {
        return hashing.inTurn(() -> check(email, password));
    }

    private Optional<Account> check(String email, String password) {
        Optional<AccountRepository.Credentials> found = repository.findByEmail(Emails.normalize(email));
        if (found.isEmpty()) {
            passwords.matchesNothing(password);
            return Optional.empty();
        }
        AccountRepository.Credentials credentials = found.get();
        if (!passwords.matches(password, credentials.passwordHash())) {
            return Optional.empty();
        }
        if (passwords.needsRehash(credentials.passwordHash())) {
            repository.updatePasswordHash(credentials.account().id(), passwords.hash(password));
        }
        return Optional.of(credentials.account());
    }

    /** The id of the account with this email, if any (for throttling and audit, not for callers). */
    public Optional<Long> idOf(String email) {
        return repository.findByEmail(Emails.normalize(email)).map(c -> c.account().id());
    }

    public Optional<Account> find(long id) {
        return repository.findById(id);
    }

    /**
     * Creates the account, fires event-account-created and gives it every action on itself
     * (event-upsert-policy {@code <id>:*:accounts:<id>}; an administrator also {@code <id>:*:accounts:*}).
     *
     * @throws ProblemException 409 when the email is taken
     */
    Account create(String name, String email, AccountRole role, String password) {
        String hash = hashing.inTurn(() -> passwords.hash(password)); // outside the transaction: it takes a while
        String normalized = Emails.normalize(email);
        try {
            Account account = tx.execute(status -> {
                long id = repository.insert(name.strip(), normalized, RoleNames.nameOf(role), hash, clock.instant());
                String self = Long.toString(id);
                outbox.append(self, new AccountCreated(id, role));
                outbox.append(self, new UpsertPolicy(self, RESOURCE_TYPE, self, "*"));
                if (role == AccountRole.ADMIN) {
                    outbox.append(self, new UpsertPolicy(self, RESOURCE_TYPE, "*", "*"));
                }
                return repository.findById(id).orElseThrow();
            });
            log.info("Account {} created with role {}", account.id(), account.roleName());
            return account;
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("An account with this email exists already");
        }
    }

    List<Account> list(VisibleRows<Long> visible, long afterId, int limit) {
        return repository.list(visible, afterId, limit);
    }

    /**
     * Deletes the account and its refresh tokens, fires event-account-deleted (its resources are
     * cleaned up) and event-account-revoked (every service refuses its access tokens from then on,
     * instead of honouring them until they expire); false when absent.
     */
    boolean delete(long id) {
        Boolean deleted = tx.execute(status -> {
            if (!repository.delete(id)) {
                return false;
            }
            outbox.append(Long.toString(id), new AccountDeleted(id));
            outbox.append(Long.toString(id), new AccountRevoked(id, clock.instant()));
            return true;
        });
        if (Boolean.TRUE.equals(deleted)) {
            log.info("Account {} deleted", id);
        }
        return Boolean.TRUE.equals(deleted);
    }
}
