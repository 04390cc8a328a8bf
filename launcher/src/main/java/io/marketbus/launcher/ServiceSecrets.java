package io.marketbus.launcher;

import io.marketbus.contract.ServiceName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;

/**
 * The client secrets the services use to get their service tokens from authnsvc. Taken from
 * {@code marketbus.<service>.secret} ({@code MARKETBUS_<SERVICE>_SECRET}, e.g. MARKETBUS_ORDERSVC_SECRET) when set, otherwise generated once and kept (owner-only) in
 * {@code <data dir>/service-secrets.properties}, so processes started separately on one machine agree.
 */
final class ServiceSecrets {

    private final Map<ServiceName, String> secrets;

    private ServiceSecrets(Map<ServiceName, String> secrets) {
        this.secrets = secrets;
    }

    /** Reads (or creates) the secrets under a file lock, so processes starting together agree. */
    static synchronized ServiceSecrets load(LaunchSettings settings) throws IOException {
        Path dataDir = settings.dataDir();
        Files.createDirectories(dataDir);
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(dataDir.resolve("service-secrets.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock ignored = lock.lock()) {
            return loadLocked(settings);
        }
    }

    private static ServiceSecrets loadLocked(LaunchSettings settings) throws IOException {
        Path file = settings.dataDir().resolve("service-secrets.properties");
        Properties stored = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                stored.load(in);
            }
        }
        Map<ServiceName, String> secrets = new EnumMap<>(ServiceName.class);
        boolean generated = false;
        SecureRandom random = new SecureRandom();
        for (ServiceName service : ServiceName.values()) {
            String configured = settings.property("marketbus." + service.busName() + ".secret");
            String secret = configured != null ? configured : stored.getProperty(service.busName());
            if (secret == null) {
                byte[] bytes = new byte[32];
                random.nextBytes(bytes);
                secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                stored.setProperty(service.busName(), secret);
                generated = true;
            }
            secrets.put(service, secret);
        }
        if (generated) {
            if (!Files.exists(file)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                stored.store(out, "Marketbus service client secrets (generated; keep private)");
            }
        }
        return new ServiceSecrets(secrets);
    }

    /** The properties a service needs: its own secret, and for authnsvc every service's. */
    void addTo(ServiceName service, java.util.List<String> args) {
        args.add("--marketbus.security.client-secret=" + secrets.get(service));
        if (service == ServiceName.AUTHN) {
            secrets.forEach((name, secret) -> args.add("--marketbus.authn.service-clients." + name.busName() + "=" + secret));
        }
    }
}
