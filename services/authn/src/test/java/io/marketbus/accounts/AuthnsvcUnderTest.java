package io.marketbus.accounts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole authnsvc over real HTTP on a random port, profile {@code it}, one application per test
 * class: the class's {@link AuthnTestEnvironment} is dropped when its application closes. Settings
 * of one class go in a {@code @TestPropertySource}; they are inlined like these.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = AccountsApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=authnsvc")
@ActiveProfiles("it")
@DirtiesContext
@Import(AuthnTestEnvironment.Cleanup.class)
public @interface AuthnsvcUnderTest {}
