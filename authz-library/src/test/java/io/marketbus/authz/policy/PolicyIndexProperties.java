package io.marketbus.authz.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.VisibleIds;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The index against the matching rule written as plainly as possible (a scan of the policy list).
 * Alphabets are tiny so that wildcards, duplicates and overlaps happen in most samples.
 */
class PolicyIndexProperties {

  private static final String SUBJECT = "10";
  private static final Set<String> OWNED = Set.of("orders", "items");
  private static final List<String> ACTIONS = List.of("get", "cancel", "ship", "refund", "*");
  private static final List<String> TYPES = List.of("orders", "items", "payments");
  private static final List<String> IDS = List.of("1", "2", "3", "4", "*");

  record Request(String action, String resourceType, String resourceId) {}

  @Property(tries = 3000)
  void allowsAgreesWithAListScan(
      @ForAll("policySets") List<Policy> policies, @ForAll("requests") List<Request> requests) {
    PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, policies);

    for (Request r : requests) {
      assertThat(index.allows(r.action(), r.resourceType(), r.resourceId()))
          .as("%s on %s", r, policies)
          .isEqualTo(referenceAllows(policies, r.action(), r.resourceType(), r.resourceId()));
    }
  }

  @Property(tries = 3000)
  void visibleIdsAgreeWithAListScan(@ForAll("policySets") List<Policy> policies) {
    PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, policies);

    for (String action : ACTIONS) {
      for (String type : TYPES) {
        assertThat(index.visibleIds(action, type))
            .as("%s %s on %s", action, type, policies)
            .isEqualTo(referenceVisibleIds(policies, action, type));
      }
    }
  }

  @Property(tries = 1000)
  void applyingChangesEqualsIndexingTheChangedSet(
      @ForAll("policySets") List<Policy> initial,
      @ForAll("policySets") List<Policy> touched,
      @ForAll("methods") List<PolicyChange.Method> methods) {
    PolicyIndex index = PolicyIndex.of(SUBJECT, OWNED, initial);
    Set<Policy> expected = new LinkedHashSet<>(initial);
    long revision = 1;
    for (int i = 0; i < Math.min(touched.size(), methods.size()); i++) {
      PolicyChange change = new PolicyChange(methods.get(i), touched.get(i), ++revision);
      index = index.applying(change);
      if (change.method() == PolicyChange.Method.PUT) {
        expected.add(change.policy());
      } else {
        expected.remove(change.policy());
      }
    }

    PolicyIndex rebuilt = PolicyIndex.of(SUBJECT, OWNED, expected);
    assertThat(index).isEqualTo(rebuilt);
    for (String action : ACTIONS) {
      for (String type : TYPES) {
        assertThat(index.visibleIds(action, type)).isEqualTo(rebuilt.visibleIds(action, type));
        for (String id : IDS) {
          assertThat(index.allows(action, type, id)).isEqualTo(rebuilt.allows(action, type, id));
        }
      }
    }
  }

  @Provide
  Arbitrary<List<Policy>> policySets() {
    Arbitrary<Policy> policy =
        Combinators.combine(
                Arbitraries.of(ACTIONS), Arbitraries.of(TYPES), Arbitraries.of(IDS))
            .as((action, type, id) -> new Policy(SUBJECT, action, type, id));
    return policy.list().ofMaxSize(14);
  }

  @Provide
  Arbitrary<List<Request>> requests() {
    return Combinators.combine(
            Arbitraries.of(ACTIONS), Arbitraries.of(TYPES), Arbitraries.of(IDS))
        .as(Request::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<PolicyChange.Method>> methods() {
    return Arbitraries.of(PolicyChange.Method.class).list().ofMaxSize(14);
  }

  /** The rule, literally: same subject and type, action equal or '*', id equal or '*'. */
  private static boolean referenceAllows(
      List<Policy> policies, String action, String type, String id) {
    for (Policy p : policies) {
      if (p.subject().equals(SUBJECT)
          && OWNED.contains(p.resourceType())
          && p.resourceType().equals(type)
          && (p.action().equals(action) || p.action().equals("*"))
          && (p.resourceId().equals(id) || p.resourceId().equals("*"))) {
        return true;
      }
    }
    return false;
  }

  private static VisibleIds referenceVisibleIds(List<Policy> policies, String action, String type) {
    boolean all = false;
    Set<String> ids = new HashSet<>();
    for (Policy p : policies) {
      if (p.subject().equals(SUBJECT)
          && OWNED.contains(p.resourceType())
          && p.resourceType().equals(type)
          && (p.action().equals(action) || p.action().equals("*"))) {
        if (p.resourceId().equals("*")) {
          all = true;
        } else {
          ids.add(p.resourceId());
        }
      }
    }
    return all ? VisibleIds.all() : VisibleIds.only(new ArrayList<>(ids));
  }
}
