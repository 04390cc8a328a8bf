package io.marketbus.accounts.tokens;

import static io.marketbus.support.database.StoredTime.instant;
import static io.marketbus.support.database.StoredTime.utc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Refresh tokens: 256 random bits, given to the client once and stored only as their SHA-256. Used
 * once each; the tokens that descend from one login share a family.
 */
@Repository
class RefreshTokens {

    record Row(long id, String familyId, long accountId, Instant expiresAt, Instant usedAt, Instant revokedAt) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;

    RefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores a new token of the family; returns the token itself (only the caller ever sees it). */
    String issue(String familyId, long accountId, Instant now, Instant expiresAt) {
        String token = newToken();
        jdbc.sql("""
                        insert into refresh_tokens (token_hash, family_id, account_id, issued_at, expires_at)
                        values (?, ?, ?, ?, ?)""")
                .params(hash(token), familyId, accountId, utc(now), utc(expiresAt))
                .update();
        return token;
    }

    /** The token's row, locked for the rest of the transaction. */
    Optional<Row> lock(String token) {
        return jdbc.sql("""
                        select id, family_id, account_id, expires_at, used_at, revoked_at from refresh_tokens
                        where token_hash = ? for update""")
                .param(hash(token))
                .query((rs, n) -> new Row(rs.getLong("id"), rs.getString("family_id"), rs.getLong("account_id"),
                        instant(rs.getObject("expires_at", OffsetDateTime.class)),
                        instant(rs.getObject("used_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .optional();
    }

    void markUsed(long id, Instant now) {
        jdbc.sql("update refresh_tokens set used_at = ? where id = ?").params(utc(now), id).update();
    }

    /** Revokes every token of the family; returns how many were still live. */
    int revokeFamily(String familyId, Instant now) {
        return jdbc.sql("update refresh_tokens set revoked_at = ? where family_id = ? and revoked_at is null")
                .params(utc(now), familyId).update();
    }

    /** Forgets tokens expired before {@code before}. */
    int purgeExpired(Instant before) {
        return jdbc.sql("delete from refresh_tokens where expires_at < ?").param(utc(before)).update();
    }
}
