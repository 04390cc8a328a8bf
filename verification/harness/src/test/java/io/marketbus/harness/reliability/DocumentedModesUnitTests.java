package io.marketbus.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.testkit.DocumentedTable;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README and the script's help name exactly the harness's modes, and the README says what each does. */
class DocumentedModesUnitTests {

    private static final Pattern MODES = Pattern.compile("reliability \\[([a-z|\\\\]+)]");

    @Test
    void theReadmeAndTheScriptNameEveryModeTheHarnessHas() throws Exception {
        List<String> harness = Arrays.asList(Options.USAGE.replaceFirst(".*\\[(crash[^]]*)].*", "$1").split("\\|"));
        assertThat(harness).as("modes of the harness").hasSizeGreaterThanOrEqualTo(7);

        for (String file : List.of("README.md", "marketbus")) {
            var mention = MODES.matcher(Files.readString(DocumentedTable.repositoryRoot().resolve(file)));
            assertThat(mention.find()).as("%s names the reliability modes", file).isTrue();
            assertThat(mention.group(1).replace("\\", "").split("\\|")).as("modes in %s", file)
                    .containsExactlyElementsOf(harness);
        }
        String row = String.join("|", DocumentedTable.read("README.md", "More commands").rows().stream()
                .filter(r -> r.get(0).contains("reliability")).findFirst().orElseThrow());
        for (String mode : harness) {
            assertThat(row).as("the README explains mode %s", mode).contains("`" + mode + "`");
        }
    }
}
