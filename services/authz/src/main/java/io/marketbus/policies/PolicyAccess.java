package io.marketbus.policies;

import io.marketbus.contract.EventCodec;
import io.marketbus.contract.ResourceOwnership;
import io.marketbus.contract.ServiceName;
import io.marketbus.support.security.Roles;
import io.marketbus.support.web.ProblemException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Least privilege on the HTTP API: an administrator may read and write every policy; a service's
 * token ({@code sub} {@code svc:<bus name>}, role {@code service}) only policies of the resource types
 * the contract says it owns; anyone else nothing (403 problem+json).
 */
@Component
class PolicyAccess {

    static final String SERVICE_SUBJECT_PREFIX = "svc:";

    private final ResourceOwnership ownership;

    PolicyAccess(EventCodec codec) {
        this.ownership = codec.catalogue().ownership();
    }

    /** The types the caller may touch: all ({@code Optional.empty()}) for an administrator. */
    Optional<Set<String>> allowedTypes(Jwt caller) {
        String role = caller.getClaimAsString(Roles.CLAIM);
        if ("admin".equals(role)) {
            return Optional.empty();
        }
        if ("service".equals(role) && caller.getSubject() != null
                && caller.getSubject().startsWith(SERVICE_SUBJECT_PREFIX)) {
            String name = caller.getSubject().substring(SERVICE_SUBJECT_PREFIX.length());
            try {
                return Optional.of(ownership.ownedBy(ServiceName.ofBusName(name)));
            } catch (IllegalArgumentException unknownService) {
                return Optional.of(Set.of());
            }
        }
        return Optional.of(Set.of());
    }

    /** @throws ProblemException 403 unless the caller may touch every one of {@code types} */
    void require(Jwt caller, Collection<String> types) {
        Optional<Set<String>> allowed = allowedTypes(caller);
        if (allowed.isEmpty()) {
            return;
        }
        for (String type : types) {
            if (!allowed.get().contains(type)) {
                throw ProblemException.forbidden(caller.getSubject() + " may not read or write policies on '" + type
                        + "': a service owns only " + allowed.get());
            }
        }
    }

    /** The types a read of "all types" returns: every type for an administrator, the owned ones for a service. */
    List<String> readableTypes(Jwt caller, List<String> requested) {
        if (!requested.isEmpty()) {
            require(caller, requested);
            return requested;
        }
        return allowedTypes(caller).map(owned -> {
            if (owned.isEmpty()) {
                throw ProblemException.forbidden(caller.getSubject() + " owns no resource types");
            }
            return owned.stream().sorted().toList();
        }).orElse(List.of());
    }

    /** @throws ProblemException 403 unless the caller is an administrator */
    void requireAdministrator(Jwt caller) {
        if (allowedTypes(caller).isPresent()) {
            throw ProblemException.forbidden("Only an administrator removes every policy of a subject");
        }
    }
}
