package io.marketbus.support.authz;

import io.marketbus.authz.cache.CacheDefaults;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.authz.*}: the resource types this service decides on, where their policies come
 * from, and how long they are kept. The cache's defaults are the library's ({@link CacheDefaults}),
 * so a service and a plain {@code CachingAuthorizer.builder} agree.
 *
 * @param ownedTypes        resource types this service owns (only their policies are cached)
 * @param url               the authz service (by default its catalogue URL, from {@code ServiceDefaults})
 * @param maximumSubjects   subjects cached at most
 * @param expireAfterAccess an idle subject is dropped after this
 * @param refreshAfter      a cached subject is reloaded in the background after this
 * @param stalenessBound    while authzsvc is unreachable, a cached subject serves at most this long
 * @param denials           repeated denials that fire event-suspicious-activity
 * @param adminAllowsAll    whether the {@code admin} role passes every check
 * @param issuedChangesKept how long the grants and removals this service issued are honoured on top
 *                          of the cache until authzsvc's confirmation reaches an instance (read-your-writes)
 * @param revokedTypes      the owned types this service revokes policies on through {@code IssuedPolicies}
 *                          (none by default): a check the cache allows on any other owned type needs
 *                          no read of the issued changes, as only grants can be pending there
 * @param partitionBound    once this instance's NATS connection has been down this long, cached
 *                          entries are not trusted: every check reads authzsvc until the connection is
 *                          back and the cache has started over
 */
@ConfigurationProperties("marketbus.authz")
public record AuthzProperties(
        List<String> ownedTypes,
        String url,
        @DefaultValue(CacheDefaults.MAXIMUM_SUBJECTS) long maximumSubjects,
        @DefaultValue(CacheDefaults.EXPIRE_AFTER_ACCESS) Duration expireAfterAccess,
        @DefaultValue(CacheDefaults.REFRESH_AFTER) Duration refreshAfter,
        @DefaultValue(CacheDefaults.STALENESS_BOUND) Duration stalenessBound,
        @DefaultValue Denials denials,
        @DefaultValue("true") boolean adminAllowsAll,
        @DefaultValue(CacheDefaults.STALENESS_BOUND) Duration issuedChangesKept,
        @DefaultValue List<String> revokedTypes,
        @DefaultValue(CacheDefaults.PARTITION_BOUND) Duration partitionBound) {

    /**
     * {@code threshold} denials of one subject within {@code window} are suspicious.
     *
     * @param threshold denials of one subject that fire event-suspicious-activity
     * @param window    the time the denials are counted over
     */
    public record Denials(@DefaultValue("5") int threshold, @DefaultValue("1m") Duration window) {}
}
