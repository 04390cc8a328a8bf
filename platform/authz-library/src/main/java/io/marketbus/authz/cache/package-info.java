/**
 * The revision-aware policy cache: {@link io.marketbus.authz.cache.CachingAuthorizer} keeps one
 * {@link io.marketbus.authz.policy.PolicyIndex} per subject, loaded through a {@link
 * io.marketbus.authz.cache.PolicySource} and kept current by event-policy-updated changes.
 */
package io.marketbus.authz.cache;
