package io.marketbus.benchmarks.authz;

import io.marketbus.authz.VisibleIds;
import io.marketbus.authz.policy.Policy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.casbin.jcasbin.main.Enforcer;
import org.casbin.jcasbin.model.Model;

/** The same policies as a jCasbin ACL, with {@code *} for any action or any id. */
public final class CasbinAcl {

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

    private final Enforcer enforcer;

    public CasbinAcl(List<Policy> policies) {
        enforcer = new Enforcer(Model.newModelFromString(MODEL));
        enforcer.enableLog(false);
        List<List<String>> rules = new ArrayList<>(policies.size());
        for (Policy p : policies) {
            rules.add(List.of(p.subject(), p.resourceType(), p.resourceId(), p.action()));
        }
        enforcer.addPolicies(rules);
    }

    public boolean check(String subject, String action, String resourceType, String resourceId) {
        return enforcer.enforce(subject, resourceType, resourceId, action);
    }

    /** What jCasbin offers for listing: filter the subject's rules of the type, then match. */
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
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
