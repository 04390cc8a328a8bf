package io.marketbus.support.web;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Wraps the controllers that have {@link IdempotentWrite} methods (class-based proxies, as for
 * {@code @Transactional}), so the annotation is all an endpoint needs. The interceptor is looked up
 * on the first call: a post-processor's own dependencies would otherwise be made too early.
 */
final class IdempotentWriteProxies extends AbstractBeanFactoryAwareAdvisingPostProcessor {

    IdempotentWriteProxies(ObjectProvider<IdempotentWrites> writes) {
        setProxyTargetClass(true);
        setBeforeExistingAdvisors(true);
        this.advisor = new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(IdempotentWrite.class),
                (MethodInterceptor) invocation -> writes.getObject().invoke(invocation));
    }
}
