package io.marketbus.authz.cache;

/**
 * The defaults of {@link CachingAuthorizer.Builder}: the single home of each value, which the
 * builder and the Spring adapter's {@code marketbus.authz.*} properties both use. They are text
 * (ISO-8601 durations), so that a Spring {@code @DefaultValue} can name them.
 */
public final class CacheDefaults {

    /** Most subjects cached. */
    public static final String MAXIMUM_SUBJECTS = "100000";

    /** An entry unused this long is dropped. */
    public static final String EXPIRE_AFTER_ACCESS = "PT30M";

    /** An entry in use whose last successful load is this old is reloaded in the background. */
    public static final String REFRESH_AFTER = "PT5M";

    /** An entry whose last successful load is this old is dropped even if the source is down. */
    public static final String STALENESS_BOUND = "PT15M";

    /**
     * How long the link that brings policy changes (the bus) may be down before the cache stops
     * trusting its entries and checks every decision at the policy store.
     */
    public static final String PARTITION_BOUND = "PT30S";

    /** How often the sweeper runs (not a service setting: the adapter leaves it as it is). */
    public static final String SWEEP_INTERVAL = "PT1S";

    private CacheDefaults() {}
}
