package io.marketbus.authz.policy;

import io.marketbus.authz.VisibleIds;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one subject may do on one resource type, laid out so that a check is at most four hash
 * probes and allocates nothing: the wildcard shapes are kept apart from the exact grants.
 */
final class TypeGrants {

    /** A {@code *:*} policy: every action on every id. */
    private final boolean anyActionAnyId;

    /** Actions granted on every id ({@code get:*}). */
    private final Set<String> anyIdActions;

    /** Ids on which every action is granted ({@code *:15}). */
    private final Set<String> anyActionIds;

    /** Exact grants: action → ids. */
    private final Map<String, Set<String>> idsByAction;

    /** visibleIds answers, computed once so that listing allocates nothing either. */
    private final Map<String, VisibleIds> visibleByAction;

    private final VisibleIds visibleForOtherActions;

    private TypeGrants(
            boolean anyActionAnyId,
            Set<String> anyIdActions,
            Set<String> anyActionIds,
            Map<String, Set<String>> idsByAction) {
        this.anyActionAnyId = anyActionAnyId;
        this.anyIdActions = Set.copyOf(anyIdActions);
        this.anyActionIds = Set.copyOf(anyActionIds);
        Map<String, Set<String>> exact = new HashMap<>();
        idsByAction.forEach((action, ids) -> exact.put(action, Set.copyOf(ids)));
        this.idsByAction = Map.copyOf(exact);

        this.visibleForOtherActions =
                anyActionAnyId ? VisibleIds.all() : VisibleIds.only(this.anyActionIds);
        Map<String, VisibleIds> visible = new HashMap<>();
        for (String action : this.anyIdActions) {
            visible.put(action, VisibleIds.all());
        }
        this.idsByAction.forEach(
                (action, ids) -> {
                    if (anyActionAnyId || this.anyIdActions.contains(action)) {
                        visible.put(action, VisibleIds.all());
                    } else {
                        Set<String> union = new HashSet<>(ids);
                        union.addAll(this.anyActionIds);
                        visible.put(action, VisibleIds.only(union));
                    }
                });
        if (anyActionAnyId) {
            visible.replaceAll((action, ids) -> VisibleIds.all());
        }
        this.visibleByAction = Map.copyOf(visible);
    }

    /** Lays out {@code policies}, which must all be of one subject and one type. */
    static TypeGrants of(Collection<Policy> policies) {
        boolean anyActionAnyId = false;
        Set<String> anyIdActions = new HashSet<>();
        Set<String> anyActionIds = new HashSet<>();
        Map<String, Set<String>> idsByAction = new HashMap<>();
        for (Policy policy : policies) {
            if (policy.anyAction() && policy.anyResourceId()) {
                anyActionAnyId = true;
            } else if (policy.anyResourceId()) {
                anyIdActions.add(policy.action());
            } else if (policy.anyAction()) {
                anyActionIds.add(policy.resourceId());
            } else {
                idsByAction.computeIfAbsent(policy.action(), a -> new HashSet<>()).add(policy.resourceId());
            }
        }
        return new TypeGrants(anyActionAnyId, anyIdActions, anyActionIds, idsByAction);
    }

    boolean allows(String action, String resourceId) {
        if (anyActionAnyId || anyIdActions.contains(action) || anyActionIds.contains(resourceId)) {
            return true;
        }
        Set<String> ids = idsByAction.get(action);
        return ids != null && ids.contains(resourceId);
    }

    VisibleIds visibleIds(String action) {
        VisibleIds visible = visibleByAction.get(action);
        return visible != null ? visible : visibleForOtherActions;
    }
}
