package io.marketbus.benchmarks.authz;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casbin.jcasbin.main.CachedEnforcer;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.main.SyncedCachedEnforcer;
import org.casbin.jcasbin.model.Model;
import org.casbin.jcasbin.persist.cache.DefaultCache;

/**
 * The same policies as a jCasbin ACL, with {@code *} for any action or any id, in the shapes
 * jCasbin itself offers and benchmarks: one plain {@code Enforcer} (a scan of every rule per check),
 * its {@code CachedEnforcer} (a map from the request to the decision; not thread-safe) and
 * {@code SyncedCachedEnforcer} (the same behind a lock), and - the fairest comparison with a
 * per-subject cache - one plain enforcer per subject holding only that subject's rules.
 */
public final class CasbinAcl {

    /** How the rules are held. */
    public enum Shape {
        PLAIN, CACHED, SYNCED_CACHED, PER_SUBJECT
    }

    static final String MODEL =
            """
            [request_definition]
            r = sub, obj_type, obj_id, act

            [policy_definition]
            p = sub, obj_type, obj_id, act

            [policy_effect]
            e = some(where (p.eft == allow))

            [matchers]
            m = r.sub == p.sub && r.obj_type == p.obj_type \
            && (p.obj_id == "*" || r.obj_id == p.obj_id) && (p.act == "*" || r.act == p.act)
            """;

    private final Shape shape;
    private final List<Policy> policies;
    private final Enforcer shared;
    private final Map<String, Enforcer> bySubject;

    /** A plain enforcer over every policy. */
    public CasbinAcl(List<Policy> policies) {
        this(Shape.PLAIN, policies);
    }

    public CasbinAcl(Shape shape, List<Policy> policies) {
        this.shape = shape;
        this.policies = List.copyOf(policies);
        if (shape == Shape.PER_SUBJECT) {
            Map<String, List<Policy>> grouped = new HashMap<>();
            policies.forEach(p -> grouped.computeIfAbsent(p.subject(), s -> new ArrayList<>()).add(p));
            bySubject = new HashMap<>();
            grouped.forEach((subject, own) -> bySubject.put(subject, filled(Enforcer::new, own)));
            shared = null;
        } else {
            bySubject = null;
            shared = filled(switch (shape) {
                case CACHED -> CachedEnforcer::new;
                case SYNCED_CACHED -> SyncedCachedEnforcer::new;
                default -> Enforcer::new;
            }, policies);
        }
    }

    private static Enforcer filled(java.util.function.Function<Model, Enforcer> kind, List<Policy> policies) {
        Enforcer enforcer = kind.apply(Model.newModelFromString(MODEL));
        enforcer.enableLog(false);
        List<List<String>> rules = new ArrayList<>(policies.size());
        for (Policy p : policies) {
            rules.add(List.of(p.subject(), p.resourceType(), p.resourceId(), p.action()));
        }
        enforcer.addPolicies(rules);
        return enforcer;
    }

    /**
     * Gives a caching shape the decision of every request, as a warm-up that had asked each of them
     * would: jCasbin fills its cache only on misses, at a millisecond or more each, and the
     * benchmark's warm-up is too short to ask thousands. The decisions are jCasbin's own (one
     * enforcer per subject, which the agreement tests check against the plain one).
     */
    public void prime(PolicyWorkload.Request[]... batches) {
        if (shape != Shape.CACHED && shape != Shape.SYNCED_CACHED) {
            return;
        }
        CasbinAcl decisions = new CasbinAcl(Shape.PER_SUBJECT, policies);
        DefaultCache cache = new DefaultCache();
        for (PolicyWorkload.Request[] requests : batches) {
            for (PolicyWorkload.Request r : requests) {
                Object[] request = {r.subject(), r.resourceType(), r.resourceId(), r.action()};
                String key = shared instanceof CachedEnforcer cached ? cached.getCacheKey(request)
                        : ((SyncedCachedEnforcer) shared).getCacheKey(request);
                cache.set(key, decisions.check(r.subject(), r.action(), r.resourceType(), r.resourceId()));
            }
        }
        if (shared instanceof CachedEnforcer cached) {
            cached.setCache(cache);
        } else {
            ((SyncedCachedEnforcer) shared).setCache(cache);
        }
    }

    private Enforcer enforcerOf(String subject) {
        return shared != null ? shared : bySubject.get(subject);
    }

    public boolean check(String subject, String action, String resourceType, String resourceId) {
        Enforcer enforcer = enforcerOf(subject);
        return enforcer != null && enforcer.enforce(subject, resourceType, resourceId, action);
    }

    /** What jCasbin offers for listing: filter the subject's rules of the type, then match. */
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        Enforcer enforcer = enforcerOf(subject);
        if (enforcer == null) {
            return VisibleIds.only(Set.of());
        }
        Set<String> ids = new HashSet<>();
        for (List<String> rule : enforcer.getFilteredPolicy(0, subject, resourceType)) {
            String ruleAction = rule.get(3);
            if (ruleAction.equals(Policy.WILDCARD) || ruleAction.equals(action)) {
                String id = rule.get(2);
                if (id.equals(Policy.WILDCARD)) {
                    return VisibleIds.all();
                }
                ids.add(id);
            }
        }
        return VisibleIds.only(ids);
    }
}
