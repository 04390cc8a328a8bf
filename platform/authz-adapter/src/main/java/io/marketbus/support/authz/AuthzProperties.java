package io.marketbus.support.authz;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code marketbus.authz.*}: the resource types this service decides on, where their policies come
 * from, and how long they are kept.
 *
 * @param ownedTypes        resource types this service owns (only their policies are cached)
 * @param url               the authz service
 * @param maximumSubjects   subjects cached at most
 * @param expireAfterAccess an idle subject is dropped after this
 * @param refreshAfter      a cached subject is reloaded in the background after this
 * @param stalenessBound    while authzsvc is unreachable, a cached subject serves at most this long
 * @param denials           repeated denials that fire event-suspicious-activity
 * @param adminAllowsAll    whether the {@code admin} role passes every check
 * @param mode              how checks are decided: {@code local} (the cached library, the default),
 *                          {@code off} (no authorization at all; benchmarks only) or {@code remote}
 *                          (every check a call to authzsvc; for comparison)
 */
@ConfigurationProperties("marketbus.authz")
public record AuthzProperties(
        List<String> ownedTypes,
        @DefaultValue("http://127.0.0.1:8082") String url,
        @DefaultValue("100000") long maximumSubjects,
        @DefaultValue("30m") Duration expireAfterAccess,
        @DefaultValue("5m") Duration refreshAfter,
        @DefaultValue("15m") Duration stalenessBound,
        @DefaultValue Denials denials,
        @DefaultValue("true") boolean adminAllowsAll,
        @DefaultValue("local") Mode mode) {

    /** How a service decides its permission checks ({@code marketbus.authz.mode}). */
    public enum Mode {
        /** The cached authz library: no network call on a hit. The production mode. */
        LOCAL,
        /** Every check allows and every listing sees everything: a benchmark baseline, never for production. */
        OFF,
        /** Every check is a call to authzsvc ({@code GET /v1/authzsvc/check}): the approach the library avoids. */
        REMOTE
    }

    /** {@code threshold} denials of one subject within {@code window} are suspicious. */
    public record Denials(@DefaultValue("5") int threshold, @DefaultValue("1m") Duration window) {}
}
