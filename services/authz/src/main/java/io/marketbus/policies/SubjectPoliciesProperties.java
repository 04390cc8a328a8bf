package io.marketbus.policies;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * authzsvc's own cache of whole policy sets by subject ({@link SubjectPolicies}).
 *
 * @param maximumSubjects subjects kept at most; the least used go first
 * @param expireAfterAccess a subject not asked for this long is dropped
 */
@ConfigurationProperties("marketbus.policies.cache")
record SubjectPoliciesProperties(@DefaultValue("100000") long maximumSubjects,
                                 @DefaultValue("30m") Duration expireAfterAccess) {
}
