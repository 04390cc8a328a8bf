package io.marketbus.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The classes the rules look at, and for each of ours its {@link Place}. The module of a class is
 * where its class file was compiled to, not its package, so the rules keep working when packages are
 * renamed or moved between modules.
 */
final class Codebase {

    /** The rules' own deliberately broken classes, which the real build must not see. */
    static final String FIXTURES = "io.marketbus.architecture.fixtures";

    private static final Pattern MODULE = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>");

    private final JavaClasses classes;
    private final Map<String, Place> places;

    private Codebase(JavaClasses classes, Map<String, Place> places) {
        this.classes = classes;
        this.places = Map.copyOf(places);
    }

    JavaClasses classes() {
        return classes;
    }

    /** Where a class lives; empty for what is not ours (the JDK, libraries). */
    Optional<Place> placeOf(JavaClass javaClass) {
        return Optional.ofNullable(places.get(javaClass.getName()));
    }

    /** The set of modules whose classes were imported. */
    List<String> modules() {
        return places.values().stream().map(Place::module).distinct().sorted().toList();
    }

    /**
     * Every module of the root pom under {@code root}, main and test classes, as the last build left
     * them. Fails when a module has sources but no compiled classes for them, so that a rule never
     * passes for want of classes to check.
     */
    static Codebase ofBuild(Path root) {
        Map<SourceSet, Place> directories = new LinkedHashMap<>();
        for (String module : modulesOf(root.resolve("pom.xml"))) {
            Path dir = root.resolve(module);
            directories.putAll(compiled(dir, "src/main/java", "target/classes", Place.main(module)));
            directories.putAll(compiled(dir, "src/test/java", "target/test-classes", Place.test(module)));
        }
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(location -> !location.contains("/" + FIXTURES.replace('.', '/') + "/"))
                .importPaths(directories.keySet().stream().map(SourceSet::classes).toList());
        Map<String, Place> places = new LinkedHashMap<>();
        for (JavaClass javaClass : classes) {
            Source source = javaClass.getSource().orElseThrow();
            Path file = Path.of(source.getUri());
            directories.entrySet().stream()
                    .filter(entry -> file.startsWith(entry.getKey().classes()))
                    .findFirst()
                    .filter(entry -> hasSource(entry.getKey().sources(), javaClass, source))
                    .ifPresent(entry -> places.put(javaClass.getName(), entry.getValue()));
        }
        return new Codebase(classes.that(DescribedPredicate.describe("are compiled from a source of the build",
                javaClass -> places.containsKey(javaClass.getName()))), places);
    }

    /** A source set and where it is compiled to. */
    private record SourceSet(Path sources, Path classes) {}

    /**
     * Whether the source file a class was compiled from is still there: a class file left behind by a
     * deleted or renamed source (the build does not clean) is no part of the code. Generated classes
     * (JMH's) have no source in the tree either.
     */
    private static boolean hasSource(Path sources, JavaClass javaClass, Source source) {
        return source.getFileName()
                .map(name -> Files.exists(sources.resolve(javaClass.getPackageName().replace('.', '/')).resolve(name)))
                .orElse(true);
    }

    /** Fixture classes put where a test says they live. */
    static Builder fixture() {
        return new Builder();
    }

    static final class Builder {
        private final Map<Class<?>, Place> places = new LinkedHashMap<>();

        Builder main(String module, Class<?>... classes) {
            return at(Place.main(module), classes);
        }

        Builder test(String module, Class<?>... classes) {
            return at(Place.test(module), classes);
        }

        private Builder at(Place place, Class<?>... classes) {
            for (Class<?> type : classes) {
                places.put(type, place);
            }
            return this;
        }

        Codebase build() {
            Map<String, Place> byName = new LinkedHashMap<>();
            places.forEach((type, place) -> byName.put(type.getName(), place));
            return new Codebase(new ClassFileImporter().importClasses(places.keySet()), byName);
        }
    }

    static List<String> modulesOf(Path pom) {
        try {
            // Comments may name modules too; only live <module> entries count.
            String text = Files.readString(pom).replaceAll("(?s)<!--.*?-->", "");
            List<String> modules = new ArrayList<>();
            Matcher matcher = MODULE.matcher(text);
            while (matcher.find()) {
                modules.add(matcher.group(1));
            }
            return modules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class directory of one source set, checked to hold a class for every source file. */
    private static Map<SourceSet, Place> compiled(Path module, String sources, String output, Place place) {
        Path sourceDir = module.resolve(sources);
        if (!Files.isDirectory(sourceDir)) {
            return Map.of();
        }
        Path classDir = module.resolve(output);
        try (Stream<Path> files = Files.walk(sourceDir)) {
            List<Path> missing = files.filter(file -> file.toString().endsWith(".java"))
                    .map(sourceDir::relativize)
                    .filter(file -> !file.getFileName().toString().matches("(package|module)-info\\.java"))
                    .map(file -> Path.of(file.toString().replaceAll("\\.java$", ".class")))
                    .filter(file -> !Files.exists(classDir.resolve(file)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException(place + " is not compiled (no " + classDir.resolve(missing.getFirst())
                        + "): build the reactor first (./mvnw install -DskipTests)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(new SourceSet(sourceDir.toAbsolutePath().normalize(), classDir.toAbsolutePath().normalize()), place);
    }
}
