package io.marketbus.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Sign-in with an admin account: authnsvc checks the email and password ({@code /v1/authnsvc/login});
 * the console verifies the access token it issues against authnsvc's JWKS and lets in only an
 * {@code admin} role. Anyone else is refused, whatever authnsvc says about their password.
 */
final class AdminSignIn implements AuthenticationProvider {

    static final String ADMIN_ROLE = "admin";
    private final ServiceCalls calls;
    private final String loginUrl;
    private final JwtDecoder tokens;

    AdminSignIn(ConsoleProperties properties, ServiceCalls calls) {
        this.calls = calls;
        this.loginUrl = properties.authnUrl() + "/v1/authnsvc/login";
        this.tokens = NimbusJwtDecoder.withJwkSetUri(properties.authnUrl() + "/.well-known/jwks.json")
                .jwsAlgorithm(SignatureAlgorithm.ES256).build();
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String email = attempt.getName();
        String password = String.valueOf(attempt.getCredentials());
        ServiceCalls.Answer answer = calls.postJson(loginUrl, Map.of("email", email, "password", password));
        if (answer.status() == 0 || answer.status() >= 500) {
            throw new AuthenticationServiceException("authnsvc does not answer at " + loginUrl);
        }
        if (!answer.ok()) {
            throw new BadCredentialsException("Wrong email or password");
        }
        Jwt jwt;
        try {
            jwt = tokens.decode(answer.body().path("access_token").asString());
        } catch (JwtException e) {
            throw new BadCredentialsException("authnsvc's token did not verify: " + e.getMessage());
        }
        if (!ADMIN_ROLE.equals(jwt.getClaimAsString("role"))) {
            throw new BadCredentialsException("Only administrators may use the console");
        }
        Instant expires = jwt.getExpiresAt() == null ? Instant.now().plusSeconds(300) : jwt.getExpiresAt();
        AdminSession admin = new AdminSession(email, jwt.getSubject(), jwt.getTokenValue(), expires);
        return UsernamePasswordAuthenticationToken.authenticated(admin, null, List.of(new SimpleGrantedAuthority("ROLE_admin")));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
