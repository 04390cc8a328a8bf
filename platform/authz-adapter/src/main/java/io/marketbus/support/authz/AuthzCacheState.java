package io.marketbus.support.authz;

import io.marketbus.authz.cache.CachingAuthorizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /internal/authz-cache/{subject}}, read-only: what this instance's policy cache holds
 * for a subject (the revision its cached policies reflect, if any) and the highest revision it has
 * received, for the operations console's authorization explain to flag a stale instance. Loads
 * nothing and changes nothing; administrators (and services) only.
 */
@RestController
class AuthzCacheState {

    private final CachingAuthorizer cache;

    AuthzCacheState(CachingAuthorizer cache) {
        this.cache = cache;
    }

    @GetMapping("/internal/authz-cache/{subject}")
    Map<String, Object> state(Authentication caller, @PathVariable String subject) {
        boolean allowed = caller != null && caller.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_admin") || a.getAuthority().equals("ROLE_service"));
        if (!allowed) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Administrators only");
        }
        OptionalLong cached = cache.cachedRevision(subject);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("subject", subject);
        state.put("cached", cached.isPresent());
        state.put("subject_revision", cached.isPresent() ? cached.getAsLong() : null);
        state.put("received_revision", cache.receivedRevision());
        state.put("owned_types", cache.ownedTypes());
        state.put("cached_subjects", cache.cachedSubjects());
        return state;
    }
}
