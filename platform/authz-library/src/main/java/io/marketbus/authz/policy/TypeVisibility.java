package io.marketbus.authz.policy;

import io.marketbus.authz.VisibleIds;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code visibleIds} answers of one subject on one resource type, computed once so that a
 * listing is one hash probe and allocates nothing: per action, {@link VisibleIds#all()} when a
 * {@code *:*} or {@code action:*} policy exists, else the union of the action's ids and the
 * {@code *:id} ids.
 */
final class TypeVisibility {

    /** The answer per action that some policy names explicitly. */
    private final Map<String, VisibleIds> visibleByAction;

    /** The answer for every other action: what {@code *:*} and {@code *:id} policies grant. */
    private final VisibleIds visibleForOtherActions;

    private TypeVisibility(Map<String, VisibleIds> visibleByAction, VisibleIds visibleForOtherActions) {
        this.visibleByAction = Map.copyOf(visibleByAction);
        this.visibleForOtherActions = visibleForOtherActions;
    }

    /** Computes the answers for {@code policies}, which must all be of one subject and one type. */
    static TypeVisibility of(Collection<Policy> policies) {
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
        if (anyActionAnyId) {
            // Every action sees every id: no per-action answer needed.
            return new TypeVisibility(Map.of(), VisibleIds.all());
        }
        Map<String, VisibleIds> visible = new HashMap<>();
        for (String action : anyIdActions) {
            visible.put(action, VisibleIds.all());
        }
        for (Map.Entry<String, Set<String>> exact : idsByAction.entrySet()) {
            if (!anyIdActions.contains(exact.getKey())) {
                Set<String> union = new HashSet<>(exact.getValue());
                union.addAll(anyActionIds);
                visible.put(exact.getKey(), VisibleIds.only(union));
            }
        }
        return new TypeVisibility(visible, VisibleIds.only(anyActionIds));
    }

    VisibleIds visibleIds(String action) {
        VisibleIds visible = visibleByAction.get(action);
        return visible != null ? visible : visibleForOtherActions;
    }
}
