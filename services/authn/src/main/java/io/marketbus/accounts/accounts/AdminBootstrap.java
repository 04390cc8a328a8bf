package io.marketbus.accounts.accounts;

import io.marketbus.accounts.AuthnProperties;
import io.marketbus.contract.events.AccountRole;
import io.marketbus.support.database.StorageProperties;
import io.marketbus.support.web.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Makes a fresh system usable: creates the configured administrator at start-up unless an account
 * with its email exists (so it is idempotent, also with several instances starting at once).
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    static final String PASSWORD_FILE = "authnsvc-admin-password.txt";

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Accounts accounts;
    private final AuthnProperties.BootstrapAdmin admin;
    private final Path dataDir;

    AdminBootstrap(Accounts accounts, AuthnProperties properties,
                   @Value("${marketbus.data-dir:" + StorageProperties.DEFAULT_DATA_DIR + "}") String dataDir) {
        this.accounts = accounts;
        this.admin = properties.bootstrapAdmin();
        this.dataDir = Path.of(dataDir);
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        if (!admin.enabled() || accounts.idOf(admin.email()).isPresent()) {
            return;
        }
        boolean generated = admin.password().isBlank();
        String password = generated ? randomPassword() : admin.password();
        try {
            Account account = accounts.create(admin.name(), admin.email(), AccountRole.ADMIN, password);
            log.info("Bootstrap administrator {} created (account {})", account.email(), account.id());
        } catch (ProblemException e) {
            log.debug("Bootstrap administrator created by another instance meanwhile");
            return;
        }
        if (generated) {
            Path file = writeOwnerOnly(dataDir.resolve(PASSWORD_FILE), password);
            log.warn("No marketbus.authn.bootstrap-admin.password configured: the generated password of {} is in {}",
                    admin.email(), file.toAbsolutePath());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Path writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        Files.writeString(file, content + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.WRITE);
        return file;
    }
}
