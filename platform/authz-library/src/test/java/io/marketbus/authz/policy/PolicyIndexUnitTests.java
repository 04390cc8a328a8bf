package io.marketbus.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.testing.PolicyFixtures;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyIndexUnitTests {

    private static final Set<String> ORDERS = Set.of("orders");

    private static PolicyIndex indexOf(String subject, String fixture, Set<String> owned) {
        List<Policy> ofSubject =
                PolicyFixtures.load(fixture).stream().filter(p -> p.subject().equals(subject)).toList();
        return PolicyIndex.of(subject, owned, ofSubject);
    }

    @Test
    void exactPoliciesGrantExactlyTheirActionAndId() {
        PolicyIndex index = indexOf("10", "orders-basic", ORDERS);

        assertThat(index.allows("get", "orders", "15")).isTrue();
        assertThat(index.allows("cancel", "orders", "15")).isTrue();
        assertThat(index.allows("get", "orders", "16")).isTrue();
        assertThat(index.allows("cancel", "orders", "16")).isFalse();
        assertThat(index.allows("get", "orders", "17")).isFalse();
        assertThat(index.allows("get", "items", "15")).isFalse();
        assertThat(index.visibleIds("get", "orders")).isEqualTo(VisibleIds.only(Set.of("15", "16")));
        assertThat(index.visibleIds("cancel", "orders")).isEqualTo(VisibleIds.only(Set.of("15")));
        assertThat(index.visibleIds("ship", "orders")).isEqualTo(VisibleIds.none());
    }

    @Test
    void wildcardActionAndWildcardIdCombine() {
        PolicyIndex index = indexOf("11", "orders-basic", ORDERS);

        assertThat(index.allows("refund", "orders", "20")).isTrue();
        assertThat(index.allows("get", "orders", "999")).isTrue();
        assertThat(index.allows("refund", "orders", "21")).isFalse();
        assertThat(index.visibleIds("get", "orders")).isEqualTo(VisibleIds.all());
        assertThat(index.visibleIds("refund", "orders")).isEqualTo(VisibleIds.only(Set.of("20")));
    }

    @Test
    void theFullWildcardGrantsEverythingOnItsTypeOnly() {
        PolicyIndex index = indexOf("20", "wildcards", Set.of("orders", "items"));

        assertThat(index.allows("anything", "orders", "1")).isTrue();
        assertThat(index.allows("get", "items", "1")).isFalse();
        assertThat(index.visibleIds("anything", "orders")).isEqualTo(VisibleIds.all());
        assertThat(index.visibleIds("get", "items")).isEqualTo(VisibleIds.none());
    }

    @Test
    void visibleIdsUnionTheActionsIdsWithTheAnyActionIds() {
        PolicyIndex index = indexOf("22", "wildcards", Set.of("orders", "items"));

        assertThat(index.visibleIds("ship", "items")).isEqualTo(VisibleIds.all());
        assertThat(index.visibleIds("get", "items")).isEqualTo(VisibleIds.only(Set.of("8")));
        assertThat(index.allows("ship", "items", "123")).isTrue();
        assertThat(index.allows("get", "items", "8")).isTrue();
        assertThat(index.allows("get", "items", "9")).isFalse();
    }

    @Test
    void typesTheServiceDoesNotOwnAreLeftOut() {
        PolicyIndex index = indexOf("10", "orders-basic", ORDERS);

        assertThat(index.allows("get", "payments", "15")).isFalse();
        assertThat(index.policies()).extracting(Policy::resourceType).containsOnly("orders");
    }

    @Test
    void anEmptyIndexGrantsNothing() {
        PolicyIndex index = PolicyIndex.empty("42", ORDERS);

        assertThat(index.isEmpty()).isTrue();
        assertThat(index.allows("get", "orders", "1")).isFalse();
        assertThat(index.visibleIds("get", "orders")).isEqualTo(VisibleIds.none());
    }

    @Test
    void visibleIdSetsAreUnmodifiable() {
        VisibleIds visible = indexOf("10", "orders-basic", ORDERS).visibleIds("get", "orders");

        assertThat(visible).isInstanceOf(VisibleIds.Only.class);
        Set<String> ids = ((VisibleIds.Only) visible).ids();
        assertThatThrownBy(() -> ids.add("17")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesAnotherSubjectsPolicies() {
        assertThatThrownBy(
                        () -> PolicyIndex.of("10", ORDERS, List.of(Policy.parse("11:get:orders:1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not of subject 10");
    }

    @Test
    void applyingAddsAndRemovesPolicies() {
        PolicyIndex index = PolicyIndex.of("10", ORDERS, List.of(Policy.parse("10:get:orders:1")));

        PolicyIndex added = index.applying(PolicyChange.put(Policy.parse("10:*:orders:2"), 7));
        PolicyIndex removed = added.applying(PolicyChange.delete(Policy.parse("10:get:orders:1"), 8));

        assertThat(added.allows("cancel", "orders", "2")).isTrue();
        assertThat(added.allows("get", "orders", "1")).isTrue();
        assertThat(removed.allows("get", "orders", "1")).isFalse();
        assertThat(removed.allows("cancel", "orders", "2")).isTrue();
        assertThat(index.allows("cancel", "orders", "2")).as("the original is unchanged").isFalse();
    }

    @Test
    void applyingAChangeOfAnotherTypeOrANoOpKeepsTheSameIndex() {
        PolicyIndex index = PolicyIndex.of("10", ORDERS, List.of(Policy.parse("10:get:orders:1")));

        assertThat(index.applying(PolicyChange.put(Policy.parse("10:get:items:1"), 2))).isSameAs(index);
        assertThat(index.applying(PolicyChange.put(Policy.parse("10:get:orders:1"), 2))).isSameAs(index);
        assertThat(index.applying(PolicyChange.delete(Policy.parse("10:get:orders:9"), 2)))
                .isSameAs(index);
    }

    @Test
    void theGrantingPolicyIsTheMostSpecificOne() {
        PolicyIndex index = PolicyIndex.of("30", ORDERS, List.of(Policy.parse("30:*:orders:*"),
                Policy.parse("30:*:orders:5"), Policy.parse("30:get:orders:*"), Policy.parse("30:get:orders:5")));

        assertThat(index.grantingPolicy("get", "orders", "5")).contains(Policy.parse("30:get:orders:5"));
        assertThat(index.grantingPolicy("get", "orders", "6")).contains(Policy.parse("30:get:orders:*"));
        assertThat(index.grantingPolicy("cancel", "orders", "5")).contains(Policy.parse("30:*:orders:5"));
        assertThat(index.grantingPolicy("cancel", "orders", "6")).contains(Policy.parse("30:*:orders:*"));
        assertThat(indexOf("10", "orders-basic", ORDERS).grantingPolicy("cancel", "orders", "16")).isEmpty();
        assertThat(index.grantingPolicy("get", "items", "5")).isEmpty();
    }
}
