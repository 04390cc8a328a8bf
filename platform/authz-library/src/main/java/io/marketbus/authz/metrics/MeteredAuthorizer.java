package io.marketbus.authz.metrics;

import io.marketbus.authz.AuthorizationUnavailableException;
import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Counts the decisions of the {@link Authorizer} it decorates: {@code authz.decisions} tagged
 * {@code result=allow|deny|unavailable}, and {@code authz.visible.ids} tagged {@code
 * scope=all|only|unavailable}. Counters are created once, so counting allocates nothing.
 */
public final class MeteredAuthorizer implements Authorizer {

    private final Authorizer delegate;
    private final Counter allowed;
    private final Counter denied;
    private final Counter checkUnavailable;
    private final Counter visibleAll;
    private final Counter visibleOnly;
    private final Counter visibleUnavailable;

    public MeteredAuthorizer(Authorizer delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.allowed = decisions(registry, "allow");
        this.denied = decisions(registry, "deny");
        this.checkUnavailable = decisions(registry, "unavailable");
        this.visibleAll = visibleIds(registry, "all");
        this.visibleOnly = visibleIds(registry, "only");
        this.visibleUnavailable = visibleIds(registry, "unavailable");
    }

    @Override
    public boolean check(String subject, String action, String resourceType, String resourceId) {
        boolean allows;
        try {
            allows = delegate.check(subject, action, resourceType, resourceId);
        } catch (AuthorizationUnavailableException e) {
            checkUnavailable.increment();
            throw e;
        }
        (allows ? allowed : denied).increment();
        return allows;
    }

    @Override
    public VisibleIds visibleIds(String subject, String action, String resourceType) {
        VisibleIds visible;
        try {
            visible = delegate.visibleIds(subject, action, resourceType);
        } catch (AuthorizationUnavailableException e) {
            visibleUnavailable.increment();
            throw e;
        }
        (visible.isAll() ? visibleAll : visibleOnly).increment();
        return visible;
    }

    private static Counter decisions(MeterRegistry registry, String result) {
        return Counter.builder("authz.decisions")
                .description("Authorization checks by outcome")
                .tag("result", result)
                .register(registry);
    }

    private static Counter visibleIds(MeterRegistry registry, String scope) {
        return Counter.builder("authz.visible.ids")
                .description("Visible-id listings by scope")
                .tag("scope", scope)
                .register(registry);
    }
}
