package io.marketbus.authz;

/**
 * Decides whether a subject may perform an action on a resource, and which resources of a type a
 * subject may see.
 *
 * <p>Implementations are decorators over each other (caching, metrics), never a subclass family.
 * An implementation that cannot decide (its policies are unavailable) throws
 * {@link AuthorizationUnavailableException}; it never answers "allow" by default.
 */
public interface Authorizer {

    /**
     * Whether {@code subject} may perform {@code action} on the resource {@code resourceType}/{@code
     * resourceId}.
     *
     * @throws AuthorizationUnavailableException when the subject's policies cannot be read
     */
    boolean check(String subject, String action, String resourceType, String resourceId);

    /**
     * The resources of {@code resourceType} on which {@code subject} may perform {@code action}:
     * {@linkplain VisibleIds#all() all} of them when a wildcard grants it, else the exact ids.
     *
     * @throws AuthorizationUnavailableException when the subject's policies cannot be read
     */
    VisibleIds visibleIds(String subject, String action, String resourceType);
}
