package io.marketbus.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.marketbus.architecture.fixtures.Callee;
import io.marketbus.architecture.fixtures.Caller;
import io.marketbus.architecture.fixtures.CallsTheTestKitUnitTests;
import io.marketbus.architecture.fixtures.Misnamed;
import io.marketbus.architecture.fixtures.PricingChecks;
import io.marketbus.architecture.fixtures.ServiceApplication;
import io.marketbus.architecture.fixtures.SpringUser;
import io.marketbus.architecture.fixtures.StartsService;
import io.marketbus.architecture.fixtures.UsesInternals;
import io.marketbus.architecture.fixtures.internal.Hidden;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule fails on a fixture that breaks it and passes on one that keeps it, so that the check of
 * the real build (CodebaseArchitectureUnitTests) cannot pass for want of something to catch.
 */
class ArchitectureRulesUnitTests {

    @Test
    void aServiceDependingOnAnotherIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::servicesDoNotDependOnEachOther;

        assertViolated(rule, Codebase.fixture()
                .main("services/order", Caller.class)
                .main("services/payment", Callee.class), "Caller", "services/payment (main)");
        assertViolated(rule, Codebase.fixture()
                .test("services/order", Caller.class)
                .test("services/payment", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .main("services/order", Caller.class, Callee.class));
    }

    @Test
    void onlyTestsMayStartAnotherServiceByItsApplication() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::servicesDoNotDependOnEachOther;

        assertKept(rule, Codebase.fixture()
                .test("services/authn", StartsService.class)
                .main("services/authz", ServiceApplication.class));
        assertViolated(rule, Codebase.fixture()
                .main("services/authn", StartsService.class)
                .main("services/authz", ServiceApplication.class), "StartsService");
    }

    @Test
    void thePlatformDependingOnAServiceTheLauncherOrVerificationIsCaught() {
        Function<ArchitectureRules, ArchRule> rule =
                ArchitectureRules::platformDependsOnNoServiceLauncherOrVerification;

        assertViolated(rule, Codebase.fixture()
                .main("platform/web-kit", Caller.class)
                .main("services/order", Callee.class), "Caller");
        assertViolated(rule, Codebase.fixture()
                .main("platform/web-kit", Caller.class)
                .main("launcher", Callee.class), "Caller");
        assertViolated(rule, Codebase.fixture()
                .main("platform/eventbus", Caller.class)
                .main("verification/testkit", Callee.class), "Caller");
        assertViolated(rule, Codebase.fixture()
                .test("platform/eventbus", Caller.class)
                .main("verification/harness", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .test("platform/eventbus", Caller.class)
                .main("verification/testkit", Callee.class));
        assertKept(rule, Codebase.fixture()
                .main("platform/web-kit", Caller.class)
                .main("platform/contract", Callee.class));
    }

    @Test
    void mainCodeDependingOnVerificationIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::mainCodeDependsOnNoVerification;

        assertViolated(rule, Codebase.fixture()
                .main("launcher", Caller.class)
                .main("verification/testkit", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .main("launcher", SpringUser.class)
                .test("launcher", Caller.class)
                .main("verification/testkit", Callee.class));
    }

    @Test
    void aServiceDependingOnTheLauncherIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::onlyVerificationDependsOnTheLauncher;

        assertViolated(rule, Codebase.fixture()
                .test("services/order", Caller.class)
                .main("launcher", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .test("verification/system-tests", Caller.class)
                .main("launcher", Callee.class)
                .main("services/order", SpringUser.class));
    }

    @Test
    void theAuthzLibraryUsingSpringOrAnotherModuleIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::theAuthzLibraryIsPlain;

        assertViolated(rule, Codebase.fixture()
                .main(ArchitectureRules.AUTHZ_LIBRARY, SpringUser.class), "org.springframework.core.env.Environment");
        assertViolated(rule, Codebase.fixture()
                .test(ArchitectureRules.AUTHZ_LIBRARY, Caller.class)
                .main("platform/eventbus", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .main(ArchitectureRules.AUTHZ_LIBRARY, Callee.class)
                .test(ArchitectureRules.AUTHZ_LIBRARY, Caller.class));
    }

    @Test
    void theContractDependingOnAnotherModuleIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::theContractDependsOnNoOtherModule;

        assertViolated(rule, Codebase.fixture()
                .main(ArchitectureRules.CONTRACT, Caller.class)
                .main("platform/eventbus", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .main(ArchitectureRules.CONTRACT, Caller.class, Callee.class));
    }

    @Test
    void theEventBusUsingSpringBootOrAnotherPlatformModuleIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::theEventBusKnowsOnlyTheContractAndBusAccess;

        assertViolated(rule, Codebase.fixture()
                .main(ArchitectureRules.EVENT_BUS, SpringUser.class), "org.springframework.boot.SpringApplication");
        assertViolated(rule, Codebase.fixture()
                .main(ArchitectureRules.EVENT_BUS, Caller.class)
                .main("platform/web-kit", Callee.class), "Caller");
        assertKept(rule, Codebase.fixture()
                .main(ArchitectureRules.EVENT_BUS, Caller.class)
                .main(ArchitectureRules.CONTRACT, Callee.class)
                .test(ArchitectureRules.EVENT_BUS, SpringUser.class));
    }

    @Test
    void anotherModuleUsingAnInternalClassIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::internalsStayInTheirModule;

        assertViolated(rule, Codebase.fixture()
                .main("platform/service-starter", UsesInternals.class)
                .main("platform/eventbus", Hidden.class), "UsesInternals");
        assertKept(rule, Codebase.fixture()
                .test("platform/eventbus", UsesInternals.class)
                .main("platform/eventbus", Hidden.class));
    }

    @Test
    void aTestClassTheBuildWouldNotRunIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::testClassesAreUnitOrIntegrationTests;

        assertViolated(rule, Codebase.fixture().test("services/order", PricingChecks.class), "PricingChecks");
        assertKept(rule, Codebase.fixture().test("services/order", ArchitectureRulesUnitTests.class));
    }

    @Test
    void aUnitTestUsingTheTestKitIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::unitTestsReachNoServer;

        assertViolated(rule, Codebase.fixture()
                .test("services/order", CallsTheTestKitUnitTests.class)
                .main("verification/testkit", Callee.class), "CallsTheTestKitUnitTests");
        assertKept(rule, Codebase.fixture()
                .test("services/order", CallsTheTestKitUnitTests.class)
                .main("services/order", Callee.class));
    }

    @Test
    void aTestNameInMainCodeIsCaught() {
        Function<ArchitectureRules, ArchRule> rule = ArchitectureRules::testNamesAreOnlyForTests;

        assertViolated(rule, Codebase.fixture().main("services/order", ArchitectureRulesUnitTests.class),
                "ArchitectureRulesUnitTests");
        assertKept(rule, Codebase.fixture()
                .main("services/order", Caller.class)
                .test("services/order", ArchitectureRulesUnitTests.class));
    }

    @Test
    void managerHelperAndUtilNamesAreCaught() {
        EvaluationResult result = evaluate(ArchitectureRules::namesSayWhatAThingIs, Codebase.fixture()
                .main("services/order", Misnamed.StockManager.class, Misnamed.PriceHelper.class)
                .test("services/order", Misnamed.MoneyUtil.class, Misnamed.TextUtils.class));

        assertThat(String.join("\n", result.getFailureReport().getDetails()))
                .contains("StockManager", "PriceHelper", "MoneyUtil", "TextUtils");
        assertKept(ArchitectureRules::namesSayWhatAThingIs, Codebase.fixture().main("services/order", Caller.class));
    }

    private static void assertViolated(
            Function<ArchitectureRules, ArchRule> rule, Codebase.Builder fixture, String... mentioned) {
        EvaluationResult result = evaluate(rule, fixture);
        assertThat(result.hasViolation()).as("violated").isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(mentioned);
    }

    private static void assertKept(Function<ArchitectureRules, ArchRule> rule, Codebase.Builder fixture) {
        EvaluationResult result = evaluate(rule, fixture);
        assertThat(result.getFailureReport().getDetails()).as("violations").isEmpty();
    }

    private static EvaluationResult evaluate(Function<ArchitectureRules, ArchRule> rule, Codebase.Builder fixture) {
        Codebase codebase = fixture.build();
        return rule.apply(new ArchitectureRules(codebase)).evaluate(codebase.classes());
    }
}
