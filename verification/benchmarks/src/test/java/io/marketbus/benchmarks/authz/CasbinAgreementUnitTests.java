package io.marketbus.benchmarks.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketbus.authz.cache.CachingAuthorizer;
import io.marketbus.benchmarks.authz.PolicyWorkload.Listing;
import io.marketbus.benchmarks.authz.PolicyWorkload.Request;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The benchmark compares equal decisions: jCasbin's ACL and our cache agree on the workload. */
class CasbinAgreementUnitTests {

    private static PolicyWorkload workload;
    private static CachingAuthorizer ours;
    private static CasbinAcl casbin;

    @BeforeAll
    static void setUp() {
        workload = PolicyWorkload.generate();
        ours = CachingAuthorizer.builder(workload.source(), PolicyWorkload.ownedTypes()).build();
        casbin = new CasbinAcl(workload.policies());
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
        assertBothDecide(workload.allowedRequests(1500), true);
    }

    @Test
    void deniedRequestsAreDeniedByBoth() {
        assertBothDecide(workload.deniedRequests(1500), false);
    }

    @Test
    void listingsAgree() {
        for (Listing l : workload.listings(1000)) {
            assertThat(ours.visibleIds(l.subject(), l.action(), l.resourceType()))
                    .as("%s", l)
                    .isEqualTo(casbin.visibleIds(l.subject(), l.action(), l.resourceType()));
        }
    }

    private static void assertBothDecide(Request[] requests, boolean allowed) {
        for (Request r : requests) {
            assertThat(ours.check(r.subject(), r.action(), r.resourceType(), r.resourceId()))
                    .as("ours on %s", r)
                    .isEqualTo(allowed);
            assertThat(casbin.check(r.subject(), r.action(), r.resourceType(), r.resourceId()))
                    .as("jCasbin on %s", r)
                    .isEqualTo(allowed);
        }
    }
}
