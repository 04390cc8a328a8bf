package io.marketbus.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may use the console: signed-in administrators only. The session cookie is HttpOnly and
 * SameSite=Strict (console.properties), every POST carries the session's CSRF token (Spring
 * Security's default), pages load nothing from elsewhere (the content security policy says so), and
 * a session whose access token has expired is signed out.
 */
@Configuration
class ConsoleSecurity {

    @Bean
    ServiceCalls serviceCalls() {
        return new ServiceCalls();
    }

    @Bean
    AdminSignIn adminSignIn(ConsoleProperties properties, ServiceCalls calls) {
        return new AdminSignIn(properties, calls);
    }

    @Bean
    SecurityFilterChain console(HttpSecurity http, AdminSignIn signIn) throws Exception {
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http.authenticationProvider(signIn)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/console.css", "/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .anyRequest().hasRole(AdminSignIn.ADMIN_ROLE))
                .formLogin(f -> f.loginPage("/login").usernameParameter("email").passwordParameter("password")
                        .defaultSuccessUrl("/events.html", true).failureUrl("/login?error").permitAll())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signed-out"))
                .exceptionHandling(e -> e
                        .defaultAuthenticationEntryPointFor(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), api)
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), r -> true))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                                + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'")))
                .addFilterAfter(new ExpiredTokens(), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** Signs out a session whose admin token has expired: the services would refuse it anyway. */
    static final class ExpiredTokens extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            if (current != null && current.getPrincipal() instanceof AdminSession admin && admin.expired(Instant.now())) {
                SecurityContextHolder.clearContext();
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            }
            chain.doFilter(request, response);
        }
    }
}
