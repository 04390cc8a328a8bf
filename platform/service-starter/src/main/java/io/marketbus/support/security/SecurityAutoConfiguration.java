package io.marketbus.support.security;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every service is an OAuth2 resource server: access tokens (ES256, from the authentication service's
 * JWKS) are verified locally — signature, issuer, audience, expiry — and {@code alg: none} or any
 * other algorithm is refused; so is a token of an account revoked after it was issued
 * ({@link RevokedAccounts}). Failures are problem+json 401/403.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@ConditionalOnWebApplication
@ConditionalOnProperty("marketbus.service")
@EnableConfigurationProperties({SecurityProperties.class, ServiceTokenProperties.class})
public class SecurityAutoConfiguration {

    /** This instance's view of revoked accounts, fed by event-account-revoked (a bus subscription). */
    @Bean
    RevokedAccounts revokedAccounts(SecurityProperties properties) {
        return new RevokedAccounts(properties.tokenLifetimeLimit(), Clock.systemUTC());
    }

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(SecurityProperties properties, RevokedAccounts revoked) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        OAuth2TokenValidator<Jwt> validator = validator(properties, revoked);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, properties.tokenLifetimeLimit(), VERIFIED_TOKENS);
    }

    /** Distinct tokens whose signature is remembered as checked: a few KiB each, far more than clients at once. */
    static final long VERIFIED_TOKENS = 10_000;

    /**
     * Issuer, audience, expiry, a subject, a lifetime within the limit, and an account not revoked
     * since the token was issued: what a token must show besides a good signature.
     */
    public static OAuth2TokenValidator<Jwt> validator(SecurityProperties properties, RevokedAccounts revoked) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(properties.audience())),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()),
                revoked);
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain marketbusSecurity(HttpSecurity http, SecurityProperties properties) throws Exception {
        List<String> open = new ArrayList<>(List.of("/actuator/health/**", "/actuator/prometheus", "/v3/api-docs/**",
                "/swagger-ui/**", "/swagger-ui.html", "/.well-known/**", "/error"));
        open.addAll(properties.publicPaths());
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(SecurityAutoConfiguration::authorities);
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> {
                    open.forEach(entry -> permit(a, entry));
                    a.anyRequest().authenticated();
                })
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((req, res, e) -> problem(res, HttpStatus.UNAUTHORIZED,
                                "Unauthorized", "A valid access token is required")))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((req, res, ex) -> problem(res, HttpStatus.UNAUTHORIZED,
                                "Unauthorized", "A valid access token is required"))
                        .accessDeniedHandler((req, res, ex) -> problem(res, HttpStatus.FORBIDDEN,
                                "Forbidden", "Not allowed")));
        return http.build();
    }

    /** Opens a path pattern, or with a method in front ({@code "POST /v1/x/accounts"}) only that method on it. */
    private static void permit(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a,
                               String entry) {
        String trimmed = entry.strip();
        int space = trimmed.indexOf(' ');
        if (space > 0) {
            a.requestMatchers(HttpMethod.valueOf(trimmed.substring(0, space)), trimmed.substring(space + 1).strip())
                    .permitAll();
        } else {
            a.requestMatchers(trimmed).permitAll();
        }
    }

    /**
     * This service's own access token for calling other services, when it has a client secret
     * ({@code marketbus.security.client-secret}).
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty("marketbus.security.client-secret")
    ServiceTokens serviceTokens(ServiceTokenProperties properties, Environment environment) {
        String clientId = properties.clientId() != null && !properties.clientId().isBlank()
                ? properties.clientId() : environment.getRequiredProperty("marketbus.service");
        return new ServiceTokens(ServiceTokens.defaultRestClient(), properties.tokenUri(), clientId,
                properties.clientSecret(), Clock.systemUTC(), properties.refreshBefore());
    }

    static List<GrantedAuthority> authorities(Jwt jwt) {
        String role = jwt.getClaimAsString(Roles.CLAIM);
        return role == null ? List.of() : List.of(new SimpleGrantedAuthority("ROLE_" + role));
    }

    /** Writes a problem+json body; used where no controller advice can reach (the filter chain). */
    public static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setCharacterEncoding("UTF-8");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
