package io.marketbus.launcher;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module structure, verified rather than described: the launcher sees every module on its class
 * path, so the rules run over the whole system.
 */
class ArchitectureUnitTests {

    static JavaClasses marketbus;

    @BeforeAll
    static void importClasses() {
        marketbus = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.marketbus");
    }

    @Test
    void servicesNeverDependOnEachOther() {
        slices().matching("io.marketbus.(accounts|policies|orders|inventory|payments)..")
                .should().notDependOnEachOther()
                .allowEmptyShould(true)
                .check(marketbus);
    }

    @Test
    void theContractDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("io.marketbus.contract..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.marketbus.eventbus..", "io.marketbus.authz..", "io.marketbus.support..")
                .check(marketbus);
    }

    @Test
    void onlyTheRuntimeItselfUsesItsInternals() {
        noClasses().that().resideOutsideOfPackage("io.marketbus.eventbus..")
                .should().dependOnClassesThat().resideInAPackage("io.marketbus.eventbus.internal..")
                .check(marketbus);
    }

    @Test
    void theAuthorizationCoreIsFrameworkFree() {
        noClasses().that().resideInAPackage("io.marketbus.authz..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.marketbus.eventbus..", "io.marketbus.support..")
                .check(marketbus);
    }

    @Test
    void theRuntimeKnowsNoServiceAndNoWebFramework() {
        noClasses().that().resideInAPackage("io.marketbus.eventbus..")
                .should().dependOnClassesThat().resideInAnyPackage("io.marketbus.support..",
                        "io.marketbus.(accounts|policies|orders|inventory|payments)..", "org.springframework.web..",
                        "org.springframework.boot..")
                .check(marketbus);
    }

    @Test
    void servicesUseSharedSupportNotEachOthersInternals() {
        noClasses().that().resideInAnyPackage("io.marketbus.support..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.marketbus.accounts..", "io.marketbus.policies..", "io.marketbus.orders..",
                        "io.marketbus.inventory..", "io.marketbus.payments..")
                .check(marketbus);
    }
}
