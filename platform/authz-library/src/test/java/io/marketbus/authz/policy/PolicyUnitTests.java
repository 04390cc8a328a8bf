package io.marketbus.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyUnitTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    10:get:orders:15                 | 10      | get    | orders   | 15
                    10:*:orders:15                   | 10      | *      | orders   | 15
                    10:get:orders:*                  | 10      | get    | orders   | *
                    10:*:orders:*                    | 10      | *      | orders   | *
                    alice@example.com:get:order.v2:a-b_c | alice@example.com | get | order.v2 | a-b_c
                    """)
    void parsesTheFourComponents(
            String text, String subject, String action, String type, String id) {
        Policy policy = Policy.parse(text);

        assertThat(policy).isEqualTo(new Policy(subject, action, type, id));
        assertThat(policy.format()).isEqualTo(text);
        assertThat(Policy.parse(policy.toString())).isEqualTo(policy);
    }

    @Test
    void knowsItsWildcards() {
        assertThat(Policy.parse("10:*:orders:15").anyAction()).isTrue();
        assertThat(Policy.parse("10:*:orders:15").anyResourceId()).isFalse();
        assertThat(Policy.parse("10:get:orders:*").anyResourceId()).isTrue();
        assertThat(Policy.parse("10:get:orders:*").anyAction()).isFalse();
    }

    @Test
    void acceptsComponentsOfTheMaximumLength() {
        String longest = "a".repeat(Policy.MAX_COMPONENT_LENGTH);

        assertThat(new Policy(longest, longest, longest, longest).subject()).hasSize(128);
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" → {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    10:get:orders                | policy must have 4 components subject:action:resource_type:resource_id, but has 3
                    10:get:orders:15:16          | policy must have 4 components subject:action:resource_type:resource_id, but has 5
                    <empty>                      | policy must have 4 components subject:action:resource_type:resource_id, but has 1
                    :get:orders:15               | subject is empty
                    10::orders:15                | action is empty
                    10:get::15                   | resource_type is empty
                    10:get:orders:               | resource_id is empty
                    *:get:orders:15              | subject may not be the wildcard '*'
                    10:get:*:15                  | resource_type may not be the wildcard '*'
                    1*:get:orders:15             | subject contains '*' at index 1; '*' is only allowed as the whole action or resource_id
                    10:get*:orders:15            | action contains '*' at index 3; '*' is only allowed as the whole component
                    10:get:ord*rs:15             | resource_type contains '*' at index 3
                    10:get:orders:1*             | resource_id contains '*' at index 1; '*' is only allowed as the whole component
                    10:get:orders:**             | resource_id contains '*' at index 0
                    10 :get:orders:15            | subject contains the character U+0020 at index 2; allowed are ASCII letters, digits and _ - . @
                    10:g/et:orders:15            | action contains the character U+002F at index 1
                    10:get:orders:15\\t          | resource_id contains the character U+0009 at index 2
                    10:get:örders:15             | resource_type contains the character U+00F6 at index 0
                    10:get:orders:1%2            | resource_id contains the character U+0025 at index 1
                    """)
    void rejectsMalformedPolicies(String text, String message) {
        String input = text.equals("<empty>") ? "" : text.replace("\\t", "\t");

        assertThatThrownBy(() -> Policy.parse(input))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(message);
    }

    @Test
    void rejectsAMissingPolicy() {
        assertThatThrownBy(() -> Policy.parse(null))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("policy is missing");
    }

    @Test
    void rejectsMissingComponentsInTheConstructor() {
        assertThatThrownBy(() -> new Policy("10", null, "orders", "15"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("action is missing");
    }

    @Test
    void rejectsASeparatorInsideAComponent() {
        // Only reachable through the constructor: parse would split on it.
        assertThatThrownBy(() -> new Policy("10", "get", "orders", "15:16"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("resource_id contains the separator ':' at index 2");
    }

    @Test
    void rejectsOverlongComponents() {
        String tooLong = "a".repeat(Policy.MAX_COMPONENT_LENGTH + 1);

        assertThatThrownBy(() -> new Policy("10", "get", tooLong, "15"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessage("resource_type is longer than 128 characters");
    }
}
