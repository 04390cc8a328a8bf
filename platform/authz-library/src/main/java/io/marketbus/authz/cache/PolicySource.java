package io.marketbus.authz.cache;

import java.util.Set;

/**
 * Reads a subject's policies from the authorization service (over HTTP in the Spring adapter).
 *
 * <p>Contract: the policies and the revision must come from one consistent read, so that every
 * change with a revision at or below {@link PolicySnapshot#revision()} is reflected in the
 * policies and none above it is.
 */
@FunctionalInterface
public interface PolicySource {

    /**
     * The policies of {@code subject} on {@code resourceTypes} (more types are tolerated and
     * ignored; other subjects' policies are rejected), and the revision the store was at.
     *
     * @throws PolicySourceUnavailableException when the policies cannot be read now
     */
    PolicySnapshot load(String subject, Set<String> resourceTypes);
}
