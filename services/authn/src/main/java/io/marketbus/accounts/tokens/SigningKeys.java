package io.marketbus.accounts.tokens;

import static io.marketbus.support.database.StoredTime.utc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.marketbus.accounts.AuthnProperties;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ES256 signing keys, kept in the service's database so that every instance signs and verifies
 * with the same ones. The newest key not being retired signs; a replaced key stays published (and
 * valid) until the last token it could have signed has expired, then leaves the JWKS.
 */
@Component
class SigningKeys {

    /** A key with its private part and its life. */
    record StoredKey(String kid, ECKey key, Instant createdAt, Instant retireAt) {
        boolean signing() {
            return retireAt == null;
        }

        boolean publishedAt(Instant now) {
            return retireAt == null || retireAt.isAfter(now);
        }
    }

    private record Snapshot(List<StoredKey> keys, Instant loadedAt) {}

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);
    private static final Duration MIN_RELOAD_INTERVAL = Duration.ofSeconds(1);
    private static final DateTimeFormatter KID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final AuthnProperties properties;
    private volatile Snapshot snapshot = new Snapshot(List.of(), Instant.EPOCH);

    SigningKeys(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, AuthnProperties properties) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.properties = properties;
    }

    /** The key to sign with now; the first one is made on first need. */
    ECKey signingKey() {
        Optional<StoredKey> current = signing(keys(false));
        if (current.isEmpty()) {
            current = signing(keys(true));
        }
        if (current.isEmpty()) {
            ensureSigningKey();
            current = signing(keys(true));
        }
        return current.orElseThrow(() -> new IllegalStateException("No signing key")).key();
    }

    /** The public keys every verifier must know now: the JWKS. */
    List<ECKey> publishedKeys() {
        Instant now = clock.instant();
        return keys(false).stream().filter(k -> k.publishedAt(now)).map(k -> k.key().toPublicJWK()).toList();
    }

    /** A published public key by id; an unknown id reloads the keys (at most once a second). */
    Optional<ECKey> publishedKey(String kid) {
        Optional<ECKey> found = publishedKeys().stream().filter(k -> k.getKeyID().equals(kid)).findFirst();
        if (found.isEmpty() && snapshot.loadedAt().plus(MIN_RELOAD_INTERVAL).isBefore(clock.instant())) {
            keys(true);
            found = publishedKeys().stream().filter(k -> k.getKeyID().equals(kid)).findFirst();
        }
        return found;
    }

    /** All keys still on record, newest first (administration). */
    List<StoredKey> all() {
        return keys(true);
    }

    /** Makes the first key when there is none that signs. */
    void ensureSigningKey() {
        tx.executeWithoutResult(status -> {
            Long signing = jdbc.sql("select count(*) from signing_keys where retire_at is null").query(Long.class).single();
            if (signing == 0) {
                insert(generate());
            }
        });
        keys(true);
    }

    /**
     * A new signing key; the one it replaces stays published until every token it signed has
     * expired. Returns the new key's id.
     */
    String rotate() {
        StoredKey created = tx.execute(status -> {
            retireSigningKeys();
            StoredKey key = generate();
            insert(key);
            return key;
        });
        keys(true);
        log.info("Signing key {} added; the previous one is published until its tokens expired", created.kid());
        return created.kid();
    }

    /** Rotates when the signing key is older than {@code marketbus.authn.keys.rotate-every}. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void rotateWhenDue() {
        Instant now = clock.instant();
        // Keys past their retirement by a day are of no use any more.
        jdbc.sql("delete from signing_keys where retire_at < ?").param(utc(now.minus(Duration.ofDays(1)))).update();
        Duration every = properties.keys().rotateEvery();
        if (every.isZero() || every.isNegative()) {
            return;
        }
        String rotated = tx.execute(status -> {
            // Lock the signing rows so that two instances do not both rotate, then read again.
            jdbc.sql("select kid from signing_keys where retire_at is null for update").query(String.class).list();
            Optional<Instant> newest = jdbc.sql("select max(created_at) from signing_keys where retire_at is null")
                    .query((rs, n) -> rs.getObject(1, OffsetDateTime.class)).optional().map(OffsetDateTime::toInstant);
            if (newest.isPresent() && newest.get().plus(every).isAfter(now)) {
                return null;
            }
            retireSigningKeys();
            StoredKey key = generate();
            insert(key);
            return key.kid();
        });
        if (rotated != null) {
            keys(true);
            log.info("Signing key {} added by schedule", rotated);
        }
    }

    private void retireSigningKeys() {
        Duration longest = properties.tokens().accessTokenTtl().compareTo(properties.tokens().serviceTokenTtl()) >= 0
                ? properties.tokens().accessTokenTtl() : properties.tokens().serviceTokenTtl();
        Instant retireAt = clock.instant().plus(longest).plus(properties.keys().retireGrace());
        jdbc.sql("update signing_keys set retire_at = ? where retire_at is null").param(utc(retireAt)).update();
    }

    private Optional<StoredKey> signing(List<StoredKey> keys) {
        return keys.stream().filter(StoredKey::signing).findFirst();
    }

    private List<StoredKey> keys(boolean reload) {
        Snapshot current = snapshot;
        Instant now = clock.instant();
        if (!reload && current.loadedAt().plus(CACHE_FOR).isAfter(now) && !current.keys().isEmpty()) {
            return current.keys();
        }
        List<StoredKey> loaded = jdbc.sql("select kid, private_key, public_key, created_at, retire_at from signing_keys")
                .query((rs, n) -> new StoredKey(rs.getString("kid"),
                        decode(rs.getString("kid"), rs.getString("public_key"), rs.getString("private_key")),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(rs.getObject("retire_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(null)))
                .list()
                .stream()
                .sorted(Comparator.comparing(StoredKey::createdAt).reversed())
                .toList();
        snapshot = new Snapshot(loaded, now);
        return loaded;
    }

    private StoredKey generate() {
        Instant now = clock.instant();
        String kid = KID_DATE.format(now) + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).generate();
            return new StoredKey(kid, key, now, null);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate an EC P-256 key", e);
        }
    }

    private void insert(StoredKey key) {
        try {
            Base64.Encoder base64 = Base64.getEncoder();
            jdbc.sql("""
                            insert into signing_keys (kid, algorithm, private_key, public_key, created_at, retire_at)
                            values (?, ?, ?, ?, ?, null)""")
                    .params(key.kid(), JWSAlgorithm.ES256.getName(),
                            base64.encodeToString(key.key().toECPrivateKey().getEncoded()),
                            base64.encodeToString(key.key().toECPublicKey().getEncoded()), utc(key.createdAt()))
                    .update();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot encode signing key " + key.kid(), e);
        }
    }

    private static ECKey decode(String kid, String publicKey, String privateKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("EC");
            Base64.Decoder base64 = Base64.getDecoder();
            ECPublicKey pub = (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(base64.decode(publicKey)));
            ECPrivateKey priv = (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(base64.decode(privateKey)));
            return new ECKey.Builder(Curve.P_256, pub).privateKey(priv).keyID(kid).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256).build();
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("Signing key " + kid + " cannot be read", e);
        }
    }
}
