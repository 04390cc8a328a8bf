/**
 * Authorization for Marketbus services: one {@link io.marketbus.authz.Authorizer} answers
 * "may this subject do this action on this resource" and "which resources may it see".
 *
 * <p>Feature packages: {@code policy} (the policy model and the per-subject index),
 * {@code cache} (the revision-aware policy cache) and {@code metrics} (Micrometer decorators).
 * No Spring here: the Spring adapter wires these together.
 */
package io.marketbus.authz;
