package io.marketbus.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module rules over the whole build: the main and test classes of every module of the root pom,
 * as the reactor compiled them before this module (see ArchitectureRules for what each rule says).
 */
class CodebaseArchitectureUnitTests {

    static Path root;
    static Codebase codebase;
    static ArchitectureRules rules;

    @BeforeAll
    static void importTheBuild() {
        root = root();
        codebase = Codebase.ofBuild(root);
        rules = new ArchitectureRules(codebase);
    }

    @Test
    void everyModuleOfTheBuildIsChecked() {
        assertThat(codebase.modules()).containsExactlyInAnyOrderElementsOf(Codebase.modulesOf(root.resolve("pom.xml")));
    }

    @Test
    void servicesDoNotDependOnEachOther() {
        rules.servicesDoNotDependOnEachOther().check(codebase.classes());
    }

    @Test
    void thePlatformDependsOnNoServiceLauncherOrVerification() {
        rules.platformDependsOnNoServiceLauncherOrVerification().check(codebase.classes());
    }

    @Test
    void mainCodeDependsOnNoVerification() {
        rules.mainCodeDependsOnNoVerification().check(codebase.classes());
    }

    @Test
    void onlyVerificationDependsOnTheLauncher() {
        rules.onlyVerificationDependsOnTheLauncher().check(codebase.classes());
    }

    @Test
    void theAuthzLibraryIsPlain() {
        rules.theAuthzLibraryIsPlain().check(codebase.classes());
    }

    @Test
    void theContractDependsOnNoOtherModule() {
        rules.theContractDependsOnNoOtherModule().check(codebase.classes());
    }

    @Test
    void theEventBusKnowsOnlyTheContractAndBusAccess() {
        rules.theEventBusKnowsOnlyTheContractAndBusAccess().check(codebase.classes());
    }

    @Test
    void internalsStayInTheirModule() {
        rules.internalsStayInTheirModule().check(codebase.classes());
    }

    @Test
    void testClassesAreUnitOrIntegrationTests() {
        rules.testClassesAreUnitOrIntegrationTests().check(codebase.classes());
    }

    @Test
    void unitTestsReachNoServer() {
        rules.unitTestsReachNoServer().check(codebase.classes());
    }

    @Test
    void testNamesAreOnlyForTests() {
        rules.testNamesAreOnlyForTests().check(codebase.classes());
    }

    @Test
    void namesSayWhatAThingIs() {
        rules.namesSayWhatAThingIs().check(codebase.classes());
    }

    /** The build's root: given by Maven, else the nearest folder above with a pom listing this module. */
    private static Path root() {
        String given = System.getProperty("marketbus.root");
        if (given != null) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (Files.exists(pom) && Codebase.modulesOf(pom).contains("verification/architecture-tests")) {
                return dir;
            }
        }
        throw new IllegalStateException("no root pom above " + Path.of("").toAbsolutePath());
    }
}
