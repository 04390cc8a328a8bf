/**
 * The revision-aware policy cache: {@link io.marketbus.authz.cache.CachingAuthorizer} keeps one
 * {@link io.marketbus.authz.policy.PolicyIndex} per subject, loaded through a {@link
 * io.marketbus.authz.cache.PolicySource} and kept current by event-policy-updated changes. Its
 * defaults are {@link io.marketbus.authz.cache.CacheDefaults}; everything else here is
 * package-private: the hit path is {@code CachingAuthorizer}, loading {@code SubjectLoader},
 * revisions {@code RevisionGate}, time-based work {@code Sweeper}, one subject {@code SubjectEntry}.
 */
package io.marketbus.authz.cache;
