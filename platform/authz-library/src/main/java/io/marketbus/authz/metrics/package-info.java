/** Micrometer instrumentation of authorization: decisions and the policy cache. */
package io.marketbus.authz.metrics;
