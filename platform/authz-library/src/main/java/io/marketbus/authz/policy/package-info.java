/**
 * The policy model ({@link io.marketbus.authz.policy.Policy}, {@link
 * io.marketbus.authz.policy.PolicyChange}) and the immutable per-subject {@link
 * io.marketbus.authz.policy.PolicyIndex} that answers checks with a few hash probes.
 */
package io.marketbus.authz.policy;
