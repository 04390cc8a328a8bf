package io.marketbus.architecture.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.testkit.DocumentedTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration the docs describe is the configuration the code binds: every {@code marketbus.*}
 * property in the configuration processor's metadata (each module's {@code @ConfigurationProperties})
 * is documented - in docs/operations.md or a service's README - every documented property exists, and
 * a documented default is the metadata's default.
 */
class DocumentedConfigurationUnitTests {

    private static final Path ROOT = DocumentedTable.repositoryRoot();

    /** Documented, read by code outside @ConfigurationProperties (placeholders stand for families). */
    private static final Pattern FAMILY = Pattern.compile(".*<[^>]+>.*");

    @Test
    void everyBoundPropertyIsDocumentedWithItsDefault() throws Exception {
        Map<String, Optional<String>> metadata = metadata();
        assertThat(metadata).as("marketbus.* properties in the generated metadata").hasSizeGreaterThan(40);
        java.util.Set<String> families = new TreeSet<>();
        Map<String, String> documented = documented(families);

        assertThat(new TreeSet<>(documented.keySet()))
                .as("every bound marketbus.* property is documented (docs/operations.md, services/*/README.md)")
                .containsAll(metadata.keySet());

        List<String> unknown = new ArrayList<>();
        List<String> wrongDefaults = new ArrayList<>();
        documented.forEach((name, documentedDefault) -> {
            if (!name.startsWith("marketbus.") || FAMILY.matcher(name).matches() || name.contains("*")
                    || families.contains(name)) {
                return;
            }
            if (!metadata.containsKey(name)) {
                unknown.add(name);
                return;
            }
            metadata.get(name).ifPresent(inCode -> {
                if (documentedDefault != null && !sameValue(documentedDefault, inCode)) {
                    wrongDefaults.add(name + ": documented '" + documentedDefault + "', bound '" + inCode + "'");
                }
            });
        });
        assertThat(unknown).as("documented properties nothing binds").isEmpty();
        assertThat(wrongDefaults).as("documented defaults that are not the code's").isEmpty();
    }

    private static Map<String, Optional<String>> metadata() throws Exception {
        Map<String, Optional<String>> properties = new TreeMap<>();
        var modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        JsonMapper json = JsonMapper.builder().build();
        while (modules.find()) {
            Path file = ROOT.resolve(modules.group(1)).resolve("target/classes/META-INF/spring-configuration-metadata.json");
            if (Files.exists(file)) {
                for (JsonNode property : json.readTree(file.toFile()).path("properties")) {
                    String name = property.path("name").asString();
                    if (name.startsWith("marketbus.")) {
                        JsonNode value = property.get("defaultValue");
                        properties.put(name, Optional.ofNullable(value).map(DocumentedConfigurationUnitTests::text));
                    }
                }
            }
        }
        return properties;
    }

    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asString()));
            return String.join(",", items);
        }
        return value.asString();
    }

    /** Name -> documented default (null where the row gives none that can be compared). */
    private static Map<String, String> documented(java.util.Set<String> families) throws Exception {
        List<DocumentedTable> tables = new ArrayList<>();
        tables.add(DocumentedTable.read("docs/operations.md", "Configuration"));
        try (var services = Files.list(ROOT.resolve("services"))) {
            for (Path service : services.sorted().toList()) {
                Path readme = service.resolve("README.md");
                String file = ROOT.relativize(readme).toString();
                if (Files.exists(readme) && DocumentedTable.exists(file, "Configuration")) {
                    tables.add(DocumentedTable.read(file, "Configuration"));
                }
            }
        }
        Map<String, String> documented = new TreeMap<>();
        for (DocumentedTable table : tables) {
            for (List<String> row : table.rows()) {
                List<String> names = names(row.get(0));
                List<String> defaults = defaults(row.size() > 1 ? row.get(1) : "", names.size());
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    documented.putIfAbsent(name, defaults == null ? null : defaults.get(i));
                    if (name.contains(".<")) { // `x.service-clients.<bus name>` documents the map x.service-clients
                        documented.putIfAbsent(name.substring(0, name.indexOf(".<")), null);
                        families.add(name.substring(0, name.indexOf(".<")));
                    }
                }
            }
        }
        return documented;
    }

    /** {@code `a.b.c`, `.d`, `.e.f`} names a.b.c, a.b.d and a.b.e.f: later spans are siblings of the first. */
    static List<String> names(String cell) {
        List<String> spans = DocumentedTable.codeSpans(cell.replaceAll("\\([^)]*\\)", "")); // not the asides
        List<String> names = new ArrayList<>();
        if (spans.isEmpty() || !spans.getFirst().contains(".")) {
            return names;
        }
        String first = spans.getFirst();
        String parent = first.substring(0, first.lastIndexOf('.'));
        names.add(first);
        for (String span : spans.subList(1, spans.size())) {
            if (span.startsWith(".")) {
                names.add(parent + span);
            } else if (span.startsWith("marketbus.")) {
                names.add(span);
            } else if (!span.contains(" ") && !span.contains("_") && !span.contains("=") && !span.startsWith("-")) {
                names.add(parent + "." + span); // `issuer` / `audience`
            }
        }
        return names;
    }

    /** The defaults of a row, one per name, or null where they cannot be told apart or compared. */
    static List<String> defaults(String cell, int count) {
        String plain = cell.replaceAll("\\([^)]*\\)", "").replace("`", "").strip(); // not the asides
        if (plain.contains("(set in") || plain.startsWith("see ") || plain.contains("…")) {
            return null;
        }
        String[] items = count == 1 ? new String[] {plain} : plain.split("\\s*(,|/)\\s*");
        if (items.length != count) {
            return null;
        }
        return java.util.Arrays.stream(items).map(String::strip).toList();
    }

    static boolean sameValue(String documented, String inCode) {
        String doc = documented.strip();
        String code = inCode.strip();
        boolean docBlank = doc.equals("empty") || doc.equals("none") || doc.equals("—");
        if (doc.equalsIgnoreCase(code) || (docBlank && (code.isEmpty() || code.equals("[]")))) {
            return true;
        }
        Optional<Duration> docDuration = duration(doc);
        Optional<Duration> codeDuration = duration(code);
        if (docDuration.isPresent() && codeDuration.isPresent()) {
            return docDuration.equals(codeDuration);
        }
        try {
            return new BigDecimal(doc).compareTo(new BigDecimal(code)) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<Duration> duration(String text) {
        if (!text.matches("(?i)P.*|\\d+(ns|us|ms|s|m|h|d)")) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationStyle.detectAndParse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
