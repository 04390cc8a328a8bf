package io.marketbus.architecture;

import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.conditions.ArchConditions.dependOnClassesThat;
import static com.tngtech.archunit.lang.conditions.ArchConditions.never;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.PackageMatcher;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The module rules of Marketbus. Modules are told apart by where their classes were compiled (see
 * {@link Codebase}), layers by the module's folder; only the rules about internals and frameworks
 * name packages, and those by pattern.
 */
final class ArchitectureRules {

    static final String AUTHZ_LIBRARY = "platform/authz-library";
    static final String CONTRACT = "platform/contract";
    static final String BUS_ACCESS = "platform/bus-access";
    static final String EVENT_BUS = "platform/eventbus";
    static final String TEST_KIT = "verification/testkit";

    private static final List<String> TEST_ANNOTATIONS = List.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.params.ParameterizedTest",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.api.TestTemplate");
    private static final String APPLICATION = "org.springframework.boot.autoconfigure.SpringBootApplication";
    private static final java.util.Set<String> NO_SERVER_IN_TEST_KIT =
            java.util.Set.of("DocumentedTable", "EmbeddedTestDatabase", "SentEvents");
    private static final String SERVICE_REGISTRATION = "io.marketbus.support.launch.MarketbusService";
    private static final PackageMatcher INTERNAL = PackageMatcher.of("..internal..");

    private final Codebase codebase;

    ArchitectureRules(Codebase codebase) {
        this.codebase = codebase;
    }

    ArchRule servicesDoNotDependOnEachOther() {
        return classes().that(areIn("are in a service", place -> place.layer() == Layer.SERVICE))
                .should(notDependOn("another service (its tests may start one through its application class"
                                + " or its MarketbusService registration)",
                        (from, to, target) -> to.layer() == Layer.SERVICE && !to.sameModuleAs(from)
                                && !(from.isTest() && !to.isTest() && (target.isAnnotatedWith(APPLICATION)
                                        || target.isAssignableTo(SERVICE_REGISTRATION)))))
                .because("services share nothing but the bus and the contract");
    }

    ArchRule platformDependsOnNoServiceLauncherOrVerification() {
        return classes().that(areIn("are in the platform", place -> place.layer() == Layer.PLATFORM))
                .should(notDependOn("a service, the launcher or verification (its tests may use the test kit)",
                        (from, to, target) -> to.layer() != Layer.PLATFORM
                                && !(from.isTest() && to.module().equals(TEST_KIT))))
                .because("the platform is shipped with every service and knows none of them");
    }

    ArchRule mainCodeDependsOnNoVerification() {
        return classes().that(areIn("are main code outside verification",
                place -> !place.isTest() && place.layer() != Layer.VERIFICATION))
                .should(notDependOn("verification code", (from, to, target) -> to.layer() == Layer.VERIFICATION))
                .because("verification code is never shipped");
    }

    ArchRule onlyVerificationDependsOnTheLauncher() {
        return classes().that(areIn("are in the platform or a service",
                place -> place.layer() != Layer.LAUNCHER && place.layer() != Layer.VERIFICATION))
                .should(notDependOn("the launcher", (from, to, target) -> to.layer() == Layer.LAUNCHER))
                .because("the launcher only assembles what the other layers provide");
    }

    ArchRule theAuthzLibraryIsPlain() {
        return classes().that(areIn("are in " + AUTHZ_LIBRARY, place -> place.module().equals(AUTHZ_LIBRARY)))
                .should(notDependOnPackages("org.springframework..", "jakarta.."))
                .andShould(notDependOn("another module", (from, to, target) -> !to.sameModuleAs(from)))
                .because("the authorization core is a plain library (io.marketbus.authz) that any runtime can embed");
    }

    ArchRule theContractDependsOnNoOtherModule() {
        return classes().that(areIn("are in " + CONTRACT, place -> place.module().equals(CONTRACT)))
                .should(notDependOn("another module", (from, to, target) -> !to.sameModuleAs(from)))
                .because("every module depends on the contract, so it depends on none");
    }

    ArchRule theEventBusKnowsOnlyTheContractAndBusAccess() {
        return classes().that(areIn("are main code of " + EVENT_BUS,
                place -> place.module().equals(EVENT_BUS) && !place.isTest()))
                .should(notDependOn("another module than the contract and bus access",
                        (from, to, target) -> !to.sameModuleAs(from) && !to.module().equals(CONTRACT)
                                && !to.module().equals(BUS_ACCESS)))
                .andShould(notDependOnPackages("org.springframework.web..", "org.springframework.boot.."))
                .because("the event runtime is wired into a service by the service starter, not by itself");
    }

    ArchRule internalsStayInTheirModule() {
        return classes().that(areIn("are ours", place -> true))
                .should(notDependOn("an ..internal.. class of another module",
                        (from, to, target) -> INTERNAL.matches(target.getPackageName()) && !to.sameModuleAs(from)))
                .because("an ..internal.. package is the implementation of its module, free to change");
    }

    ArchRule testClassesAreUnitOrIntegrationTests() {
        return classes().that(areIn("are test code", Place::isTest)).and(declareTests())
                .should(beNamedAsTests())
                .because("the build runs *UnitTests (no I/O) with Surefire and *IntegrationTests (real servers) with"
                        + " Failsafe; a test named otherwise never runs");
    }

    ArchRule unitTestsReachNoServer() {
        return classes().that(areIn("are test code", Place::isTest)).and().haveSimpleNameEndingWith("UnitTests")
                // Reading a doc, an in-memory H2 and a list for sent events involve no server; the rest of
                // the test kit is servers.
                .should(notDependOn("the test kit's servers", (from, to, target) -> to.module().equals(TEST_KIT)
                        && !NO_SERVER_IN_TEST_KIT.contains(target.getSimpleName())))
                // jnats' interfaces (a Message stand-in) are fine; Nats is how a connection is opened.
                .andShould(never(dependOnClassesThat(name("io.nats.client.Nats"))))
                .andShould(notDependOnPackages("java.net.http..", "org.postgresql..",
                        "org.springframework.boot.test.context"))
                .because("a *UnitTests class runs without NATS, PostgreSQL or HTTP; one that needs them is an"
                        + " *IntegrationTests class");
    }

    ArchRule testNamesAreOnlyForTests() {
        return noClasses().that(areIn("are main code", place -> !place.isTest()))
                .should().haveSimpleNameEndingWith("UnitTests")
                .orShould().haveSimpleNameEndingWith("IntegrationTests")
                .because("a class named as a test belongs to test code");
    }

    ArchRule namesSayWhatAThingIs() {
        return noClasses().that(areIn("are ours", place -> true))
                .should().haveSimpleNameEndingWith("Manager")
                .orShould().haveSimpleNameEndingWith("Helper")
                .orShould().haveSimpleNameEndingWith("Util")
                .orShould().haveSimpleNameEndingWith("Utils")
                .because("a name says what a thing is in the domain, not how it is built");
    }

    /** A dependency a rule forbids: from a class at one place to one of ours at another. */
    @FunctionalInterface
    interface Forbidden {
        boolean test(Place from, Place to, JavaClass target);
    }

    private DescribedPredicate<JavaClass> areIn(String description, Predicate<Place> where) {
        return DescribedPredicate.describe(description,
                javaClass -> codebase.placeOf(javaClass).filter(where).isPresent());
    }

    private ArchCondition<JavaClass> notDependOn(String what, Forbidden forbidden) {
        return new ArchCondition<>("not depend on " + what) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                Place from = codebase.placeOf(origin).orElseThrow();
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass();
                    Optional<Place> to = codebase.placeOf(target);
                    if (to.isPresent() && forbidden.test(from, to.get(), target)) {
                        events.add(SimpleConditionEvent.violated(dependency,
                                dependency.getDescription() + " [" + from + " -> " + to.get() + "]"));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notDependOnPackages(String... packages) {
        List<PackageMatcher> matchers = List.of(packages).stream().map(PackageMatcher::of).toList();
        return new ArchCondition<>("not depend on " + String.join(", ", packages)) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String target = dependency.getTargetClass().getPackageName();
                    if (matchers.stream().anyMatch(matcher -> matcher.matches(target))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static DescribedPredicate<JavaClass> declareTests() {
        return DescribedPredicate.describe("declare tests", javaClass -> javaClass.getMethods().stream()
                .anyMatch(method -> TEST_ANNOTATIONS.stream().anyMatch(method::isAnnotatedWith)));
    }

    /** A nested test class counts by the class it is nested in, the one the build selects by name. */
    private static ArchCondition<JavaClass> beNamedAsTests() {
        return new ArchCondition<>("be named *UnitTests or *IntegrationTests") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                JavaClass outermost = javaClass;
                while (outermost.getEnclosingClass().isPresent()) {
                    outermost = outermost.getEnclosingClass().get();
                }
                String name = outermost.getSimpleName();
                if (!name.endsWith("UnitTests") && !name.endsWith("IntegrationTests")) {
                    events.add(SimpleConditionEvent.violated(javaClass,
                            javaClass.getName() + " declares tests but is not named *UnitTests or *IntegrationTests"));
                }
            }
        };
    }
}
