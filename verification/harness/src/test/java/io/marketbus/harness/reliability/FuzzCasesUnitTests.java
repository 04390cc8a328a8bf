package io.marketbus.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The fuzz requests: how many, to which services, and the same endpoints quick or full. */
class FuzzCasesUnitTests {

    private static final String MERCHANT = "11111111-1111-1111-1111-111111111111";
    private static final String PRODUCT = "22222222-2222-2222-2222-222222222222";

    @Test
    void theQuickRunIsASmallerSetOfTheSameEndpoints() {
        List<FuzzCase> quick = FuzzCases.all(false, MERCHANT, PRODUCT);
        List<FuzzCase> full = FuzzCases.all(true, MERCHANT, PRODUCT);

        assertThat(quick).hasSize(843);
        assertThat(full).hasSize(1404);
        assertThat(endpoints(quick)).isEqualTo(endpoints(full)).hasSize(35);
    }

    @Test
    void everyCaseGoesToOneOfTheFiveServicesOnItsOwnPath() {
        for (FuzzCase c : FuzzCases.all(true, MERCHANT, PRODUCT)) {
            assertThat(Sandbox.SERVICES).contains(c.service());
            assertThat(c.path()).startsWith(c.template().substring(0, c.template().indexOf('/', 1)));
            assertThat(List.of("customer", "seller", "admin", "none")).contains(c.role());
        }
    }

    private static Set<String> endpoints(List<FuzzCase> cases) {
        return cases.stream().map(c -> c.method() + " " + c.template()).collect(Collectors.toSet());
    }
}
