package io.marketbus.accounts.tokens;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.marketbus.support.security.RevokedAccounts;
import io.marketbus.support.security.SecurityAutoConfiguration;
import io.marketbus.support.security.SecurityProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * This service verifies the tokens it issued against its own key store, not over HTTP to its own
 * JWKS; only ES256 is accepted ({@code alg: none} and every other algorithm are refused), and the
 * claims are checked by the same validators as in every other service (revoked accounts included).
 */
@Configuration(proxyBeanMethods = false)
class LocalJwtDecoderConfiguration {

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties security, RevokedAccounts revoked) {
        JWKSource<SecurityContext> source = (selector, context) -> {
            List<JWK> found = new ArrayList<>(selector.select(new JWKSet(new ArrayList<JWK>(keys.publishedKeys()))));
            if (found.isEmpty()) {
                // Maybe another instance has just rotated: look the key id up afresh.
                JWKMatcher matcher = selector.getMatcher();
                if (matcher.getKeyIDs() != null) {
                    for (String kid : matcher.getKeyIDs()) {
                        keys.publishedKey(kid).ifPresent(found::add);
                    }
                }
            }
            return found;
        };
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
        processor.setJWTClaimsSetVerifier((claims, context) -> {}); // the Spring validators below do it
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(SecurityAutoConfiguration.validator(security, revoked));
        return decoder;
    }
}
