package io.marketbus.authz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The library stays framework-free and keeps no state outside its instances. */
class ArchitectureUnitTests {

    private final JavaClasses library =
            new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.marketbus.authz");

    @Test
    void usesNoFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta..")
                .check(library);
    }

    @Test
    void keepsNoMutableStaticState() {
        fields().that().areStatic().should().beFinal().check(library);
    }

    @Test
    void onlyTheMetricsPackageUsesMicrometer() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.marketbus.authz.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..")
                .check(library);
    }

    @Test
    void thePolicyModelDoesNotKnowTheCache() {
        noClasses()
                .that()
                .resideInAPackage("io.marketbus.authz.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.marketbus.authz.cache..", "com.github.benmanes..")
                .check(library);
    }
}
