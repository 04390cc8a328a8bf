package io.marketbus.benchmarks.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.benchmarks.authz.PolicyWorkload.Listing;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark compares equal decisions: every shape of jCasbin's ACL and our cache agree on the workload. */
class CasbinAgreementUnitTests {

    private static PolicyWorkload workload;
    private static CachingAuthorizer ours;
    private static java.util.Map<CasbinAcl.Shape, CasbinAcl> casbin;

    @BeforeAll
    static void setUp() {
        workload = PolicyWorkload.generate();
        ours = CachingAuthorizer.builder(workload.source(), PolicyWorkload.ownedTypes()).build();
        casbin = new java.util.EnumMap<>(CasbinAcl.Shape.class);
        for (CasbinAcl.Shape shape : CasbinAcl.Shape.values()) {
            casbin.put(shape, new CasbinAcl(shape, workload.policies()));
        }
    }

    @Test
    void theWorkloadIsTheAdvertisedOne() {
        assertThat(workload.policies()).hasSize(PolicyWorkload.POLICIES).doesNotHaveDuplicates();
        assertThat(workload.subjects()).hasSize(PolicyWorkload.SUBJECTS);
        assertThat(workload.policies()).anyMatch(p -> p.anyAction() && !p.anyResourceId());
        assertThat(workload.policies()).anyMatch(p -> p.anyResourceId() && !p.anyAction());
        assertThat(workload.policies()).anyMatch(p -> p.anyResourceId() && p.anyAction());
    }

    @Test
    void allowedRequestsAreAllowedByBoth() {
        assertBothDecide(workload.allowedRequests(600), true);
    }

    @Test
    void deniedRequestsAreDeniedByBoth() {
        assertBothDecide(workload.deniedRequests(600), false);
    }

    @Test
    void primedCachesAnswerAsJCasbinWould() {
        PolicyWorkload fresh = PolicyWorkload.generate();
        Request[] allowed = fresh.allowedRequests(300);
        Request[] denied = fresh.deniedRequests(300);
        for (CasbinAcl.Shape shape : java.util.List.of(CasbinAcl.Shape.CACHED, CasbinAcl.Shape.SYNCED_CACHED)) {
            CasbinAcl primed = new CasbinAcl(shape, fresh.policies());
            primed.prime(allowed, denied);
            for (Request r : allowed) {
                assertThat(primed.check(r.subject(), r.action(), r.resourceType(), r.resourceId())).as("%s on %s", shape, r).isTrue();
            }
            for (Request r : denied) {
                assertThat(primed.check(r.subject(), r.action(), r.resourceType(), r.resourceId())).as("%s on %s", shape, r).isFalse();
            }
        }
    }

    @Test
    void listingsAgree() {
        for (Listing l : workload.listings(1000)) {
            for (var shape : casbin.entrySet()) {
                assertThat(ours.visibleIds(l.subject(), l.action(), l.resourceType()))
                        .as("%s against %s", l, shape.getKey())
                        .isEqualTo(shape.getValue().visibleIds(l.subject(), l.action(), l.resourceType()));
            }
        }
    }

    private static void assertBothDecide(Request[] requests, boolean allowed) {
        for (Request r : requests) {
            assertThat(ours.check(r.subject(), r.action(), r.resourceType(), r.resourceId()))
                    .as("ours on %s", r)
                    .isEqualTo(allowed);
            for (var shape : casbin.entrySet()) {
                assertThat(shape.getValue().check(r.subject(), r.action(), r.resourceType(), r.resourceId()))
                        .as("jCasbin %s on %s", shape.getKey(), r)
                        .isEqualTo(allowed);
            }
        }
    }
}
