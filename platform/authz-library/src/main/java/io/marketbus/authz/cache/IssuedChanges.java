package io.marketbus.authz.cache;

import java.util.List;

/**
 * The grants and removals this service has issued and still remembers (every instance of the
 * service sees the same ones: in the Spring adapter they live in the service's database), so that
 * each instance can honour them before the policy store's confirmation arrives.
 */
@FunctionalInterface
public interface IssuedChanges {

    /** Nothing issued: the cache decides alone. */
    IssuedChanges NONE = subject -> List.of();

    /**
     * The changes of {@code subject}'s policies this service issued recently, oldest first.
     *
     * @throws RuntimeException when they cannot be read; the check then fails as unavailable
     */
    List<IssuedChange> of(String subject);
}
