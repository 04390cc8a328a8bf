package io.marketbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's "Where things are" names exactly the modules the build has, and folders that exist. */
class DocumentedModulesUnitTests {

    @Test
    void theReadmeListsEveryModuleOfTheBuild() throws Exception {
        Path root = DocumentedTable.repositoryRoot();
        Set<String> built = new TreeSet<>();
        var module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        while (module.find()) {
            built.add(module.group(1));
        }
        assertThat(built).as("modules in the root pom").hasSizeGreaterThanOrEqualTo(10);

        List<String> documented = DocumentedTable.read("README.md", "Where things are").column(0).stream()
                .flatMap(cell -> DocumentedTable.codeSpans(cell).stream())
                .map(folder -> folder.replaceAll("/$", ""))
                .toList();
        Set<String> documentedModules = new TreeSet<>();
        for (String folder : documented) {
            if (folder.endsWith("/<name>")) { // one row for a family of modules, e.g. services/<name>/
                String parent = folder.substring(0, folder.length() - "/<name>".length());
                built.stream().filter(m -> m.startsWith(parent + "/")).forEach(documentedModules::add);
                assertThat(documentedModules).as("modules under %s", parent).anyMatch(m -> m.startsWith(parent + "/"));
            } else {
                assertThat(root.resolve(folder)).as("README names %s", folder).isDirectory();
                if (Files.exists(root.resolve(folder).resolve("pom.xml"))) {
                    documentedModules.add(folder);
                }
            }
        }

        assertThat(documentedModules).as("modules named in README's 'Where things are'").isEqualTo(built);
    }
}
