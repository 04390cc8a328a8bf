package io.marketbus.benchmarks.load.baselines;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Runs services with {@link AuthzBaselines} on their class path, so that the baselines stay out of
 * the production jar. The harness starts a service as {@code java -jar <marketbus.jar property>};
 * this writes a small jar whose main class is Spring Boot's {@code PropertiesLauncher} from the
 * real launcher jar ({@code Class-Path}), with a {@code loader.properties} whose {@code loader.path}
 * is this module's classes: the launcher then runs marketbus.jar as usual, with those classes in
 * front. {@link #starting} points the harness at it for the processes started inside it only.
 */
public final class BaselineLauncher {

    /** The system property the harness reads the launcher jar from, at each process start. */
    private static final String LAUNCHER_JAR = "marketbus.jar";

    private final Path jar;

    private BaselineLauncher(Path jar) {
        this.jar = jar;
    }

    /** Writes the small jar (in a temporary directory) for the given launcher jar. */
    public static BaselineLauncher over(Path marketbusJar) {
        try {
            Path dir = Files.createTempDirectory("marketbus-baselines");
            Path jar = dir.resolve("marketbus-with-baselines.jar");
            dir.toFile().deleteOnExit(); // after the jar: deleted in reverse order
            jar.toFile().deleteOnExit();
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.put(Attributes.Name.MAIN_CLASS, "org.springframework.boot.loader.launch.PropertiesLauncher");
            main.put(Attributes.Name.CLASS_PATH, marketbusJar.toAbsolutePath().toUri().toString());
            try (OutputStream file = Files.newOutputStream(jar);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry("loader.properties"));
                out.write(("loader.path=" + ownClasses().toUri() + "\n").getBytes(StandardCharsets.ISO_8859_1));
                out.closeEntry();
            }
            return new BaselineLauncher(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the baseline launcher jar", e);
        }
    }

    /** Runs {@code start} (which starts service processes) with the harness pointed at this jar. */
    public <T> T starting(Callable<T> start) throws Exception {
        String previous = System.getProperty(LAUNCHER_JAR);
        System.setProperty(LAUNCHER_JAR, jar.toString());
        try {
            return start.call();
        } finally {
            if (previous == null) {
                System.clearProperty(LAUNCHER_JAR);
            } else {
                System.setProperty(LAUNCHER_JAR, previous);
            }
        }
    }

    /** This module's classes (a directory in a build, or its jar). */
    private static Path ownClasses() {
        try {
            return Path.of(AuthzBaselines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
