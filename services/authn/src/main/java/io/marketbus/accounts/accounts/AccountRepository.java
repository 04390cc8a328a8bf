package io.marketbus.accounts.accounts;

import static io.marketbus.support.database.StoredTime.utc;

import io.marketbus.support.web.VisibleRows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code accounts} table. */
@Repository
class AccountRepository {

    /** An account with its password hash: never leaves this package. */
    record Credentials(Account account, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[" + account + ", passwordHash=***]";
        }
    }

    private static final String COLUMNS = "id, name, email, role, password_hash, created_at";

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the email is taken */
    long insert(String name, String email, String role, String passwordHash, Instant createdAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("insert into accounts (name, email, role, password_hash, created_at) values (?, ?, ?, ?, ?)")
                .params(name, email, role, passwordHash, utc(createdAt))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    Optional<Credentials> findByEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from accounts where email = ?").param(email)
                .query(AccountRepository::credentials).optional();
    }

    Optional<Account> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from accounts where id = ?").param(id)
                .query((rs, n) -> credentials(rs, n).account()).optional();
    }

    /** The visible accounts in id order after {@code afterId}, at most {@code limit}. */
    List<Account> list(VisibleRows<Long> rows, long afterId, int limit) {
        if (rows.none()) {
            return List.of();
        }
        return rows.bind(jdbc.sql("select " + COLUMNS + " from accounts " + rows.where("id > :after")
                        + " order by id limit :limit"))
                .param("after", afterId)
                .param("limit", limit)
                .query((rs, n) -> credentials(rs, n).account()).list();
    }

    void updatePasswordHash(long id, String passwordHash) {
        jdbc.sql("update accounts set password_hash = ? where id = ?").params(passwordHash, id).update();
    }

    /** Deletes the account (its refresh tokens go with it); false when there was none. */
    boolean delete(long id) {
        return jdbc.sql("delete from accounts where id = ?").param(id).update() == 1;
    }

    private static Credentials credentials(ResultSet rs, int row) throws SQLException {
        Account account = new Account(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
                RoleNames.parse(rs.getString("role")), rs.getObject("created_at", OffsetDateTime.class).toInstant());
        return new Credentials(account, rs.getString("password_hash"));
    }
}
