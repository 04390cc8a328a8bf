package io.marketbus.policies;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/** {@code @PreAuthorize} on the API (only administrators and other services), and housekeeping jobs. */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableScheduling
class ServiceConfiguration {}
