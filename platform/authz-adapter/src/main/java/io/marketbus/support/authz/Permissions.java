package io.marketbus.support.authz;

import io.marketbus.authz.Authorizer;
import io.marketbus.authz.VisibleIds;
import io.marketbus.support.security.Roles;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The current caller's permissions, for code that decides more than an annotation can: list
 * endpoints filter their query by {@link #visibleIds}, and a denial is reported to {@link DenialWatch}.
 * Not final: a context may bring its own (the load benchmark's baselines), and the adapter then
 * builds no cache.
 */
public class Permissions {

    private final Authorizer authorizer;
    private final DenialWatch denials;
    private final boolean adminAllowsAll;

    public Permissions(Authorizer authorizer, DenialWatch denials, boolean adminAllowsAll) {
        this.authorizer = authorizer;
        this.denials = denials;
        this.adminAllowsAll = adminAllowsAll;
    }

    /** The authenticated subject ({@code sub} of the access token). */
    public Optional<String> subject() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() ? Optional.empty() : Optional.ofNullable(auth.getName());
    }

    public boolean isAdmin() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> Roles.ADMIN.equals(a.getAuthority()));
    }

    /** Whether the caller may; does not record a denial. */
    public boolean allows(String action, String type, String id) {
        if (adminAllowsAll && isAdmin()) {
            return true;
        }
        return subject().map(s -> authorizer.check(s, action, type, id)).orElse(false);
    }

    /**
     * Requires the permission.
     *
     * @throws PermissionDenied (403) when the caller lacks it; the denial is recorded
     * @throws io.marketbus.authz.AuthorizationUnavailableException (503) when it cannot be decided
     */
    public void require(String action, String type, String id) {
        if (!allows(action, type, id)) {
            String subject = subject().orElse("");
            denials.denied(subject, action, type, id);
            throw new PermissionDenied(subject, action, type, id);
        }
    }

    /** The ids of {@code type} the caller may {@code action}; {@link VisibleIds#all()} for an admin. */
    public VisibleIds visibleIds(String action, String type) {
        if (adminAllowsAll && isAdmin()) {
            return VisibleIds.all();
        }
        return subject().map(s -> authorizer.visibleIds(s, action, type)).orElse(VisibleIds.none());
    }

    /** The caller lacks a permission. */
    public static final class PermissionDenied extends RuntimeException {
        public PermissionDenied(String subject, String action, String type, String id) {
            super("Subject " + subject + " may not " + action + " " + type + " " + id);
        }
    }
}
