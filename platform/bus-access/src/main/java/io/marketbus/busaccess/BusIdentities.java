package io.marketbus.busaccess;

import io.nats.client.AuthHandler;
import io.marketbus.contract.access.BusPermissions;
import io.nats.client.NKey;
import io.nats.client.Options;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Collection;

/**
 * A credentials folder: one NKey seed per bus identity ({@code <identity>.nk}, readable by its owner
 * only). The server configuration holds the public keys; a connection proves its identity by signing
 * the server's nonce with the seed, so no secret crosses the wire. Seeds are made once and kept, so a
 * restart keeps every identity.
 */
public final class BusIdentities {

    private final Path folder;

    private BusIdentities(Path folder) {
        this.folder = folder;
    }

    /** The variable naming the credentials folder of a secured bus, for tools outside Spring's binding. */
    public static final String ENVIRONMENT_VARIABLE = "MARKETBUS_NATS_CREDENTIALS";

    public static BusIdentities in(Path folder) {
        return new BusIdentities(folder);
    }

    /** The folder {@value #ENVIRONMENT_VARIABLE} names, or null on an open bus. */
    public static BusIdentities fromEnvironment() {
        String folder = System.getenv(ENVIRONMENT_VARIABLE);
        return folder == null || folder.isBlank() ? null : in(Path.of(folder));
    }

    public Path folder() {
        return folder;
    }

    /** Makes a seed for every identity that has none yet. */
    public BusIdentities create(Collection<String> identities) throws IOException {
        Files.createDirectories(folder);
        for (String identity : identities) {
            Path file = file(identity);
            if (Files.exists(file)) {
                continue;
            }
            try {
                NKey key = NKey.createUser(new SecureRandom());
                Path temporary = Files.createTempFile(folder, identity, ".tmp");
                ownerOnly(temporary);
                Files.writeString(temporary, new String(key.getSeed()) + "\n");
                Files.move(temporary, file);
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot make an NKey for " + identity, e);
            }
        }
        return this;
    }

    /** Whether this folder holds the identity's seed. */
    public boolean has(String identity) {
        return Files.isReadable(file(identity));
    }

    /** The public key the server configuration names for this identity ({@code U...}). */
    public String publicKey(String identity) throws IOException {
        try {
            return new String(key(identity).getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IOException("Unreadable NKey seed for " + identity + " in " + file(identity), e);
        }
    }

    /**
     * Makes a connection this identity: it signs the server's challenge with the identity's NKey and
     * takes its replies on the identity's own inbox prefix, the only subjects it may subscribe to;
     * when the folder holds the bus's CA certificate ({@code ca.pem}), it speaks TLS and verifies the server.
     */
    public Options.Builder applyTo(Options.Builder options, String identity) throws IOException {
        options.authHandler(authHandler(identity)).inboxPrefix(BusPermissions.inbox(identity));
        Path ca = folder.resolve(LocalCertificateAuthority.CA_CERTIFICATE);
        if (Files.exists(ca)) {
            // A TLS bus: trust only its CA, so the server reached is the one the folder was made for.
            options.sslContext(LocalCertificateAuthority.trusting(ca));
        }
        return options;
    }

    /** How a connection of this identity answers the server's challenge. */
    public AuthHandler authHandler(String identity) throws IOException {
        NKey key = key(identity);
        return new AuthHandler() {
            @Override
            public byte[] sign(byte[] nonce) {
                try {
                    return key.sign(nonce);
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("Cannot sign the NATS nonce as " + identity, e);
                }
            }

            @Override
            public char[] getID() {
                try {
                    return key.getPublicKey();
                } catch (GeneralSecurityException | IOException e) {
                    throw new IllegalStateException("Unreadable NKey of " + identity, e);
                }
            }

            @Override
            public char[] getJWT() {
                return null; // plain NKey users: the server configuration itself lists the permissions
            }
        };
    }

    private NKey key(String identity) throws IOException {
        try {
            return NKey.fromSeed(Files.readString(file(identity), StandardCharsets.US_ASCII).trim().toCharArray());
        } catch (NoSuchFileException e) {
            throw new IOException("No NATS credentials for '" + identity + "': " + file(identity) + " is missing");
        } catch (IllegalArgumentException e) {
            throw new IOException("Not an NKey seed: " + file(identity), e);
        }
    }

    private Path file(String identity) {
        return folder.resolve(identity + ".nk");
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the folder's own protection applies.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
