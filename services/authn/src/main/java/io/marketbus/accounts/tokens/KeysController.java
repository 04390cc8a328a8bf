package io.marketbus.accounts.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.marketbus.support.security.Roles;
import io.marketbus.support.web.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The JWKS (public) and the administration of signing keys (administrators only). */
@RestController
class KeysController {

    private final SigningKeys keys;

    KeysController(SigningKeys keys) {
        this.keys = keys;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeyView(String kid, @JsonProperty("created_at") Instant createdAt,
                   @JsonProperty("retire_at") Instant retireAt, boolean signing) {}

    /** Every public key a token may be verified with now (RFC 7517). */
    @GetMapping(path = "/.well-known/jwks.json", produces = {JWKSet.MIME_TYPE, "application/json"})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(new JWKSet(List.<JWK>copyOf(keys.publishedKeys())).toJSONObject(true));
    }

    @GetMapping("/v1/authnsvc/signing-keys")
    List<KeyView> list(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return keys.all().stream().map(k -> new KeyView(k.kid(), k.createdAt(), k.retireAt(), k.signing())).toList();
    }

    /** A new signing key now; the previous one stays published until its tokens expired. */
    @PostMapping("/v1/authnsvc/signing-keys")
    ResponseEntity<Map<String, String>> rotate(@AuthenticationPrincipal Jwt jwt) {
        requireAdmin(jwt);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("kid", keys.rotate()));
    }

    private static void requireAdmin(Jwt jwt) {
        if (jwt == null || !"admin".equals(jwt.getClaimAsString(Roles.CLAIM))) {
            throw ProblemException.forbidden("Only an administrator manages signing keys");
        }
    }
}
