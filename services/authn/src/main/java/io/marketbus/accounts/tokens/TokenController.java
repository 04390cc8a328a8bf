package io.marketbus.accounts.tokens;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.support.web.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Login, refresh, logout and service tokens (all public: the credentials are in the body). */
@RestController
@RequestMapping("/v1/authnsvc")
class TokenController {

    private final TokenService tokens;

    TokenController(TokenService tokens) {
        this.tokens = tokens;
    }

    record Login(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 128) String password) {
        @Override
        public String toString() {
            return "Login[email=" + email + ", password=***]";
        }
    }

    record Refresh(@NotBlank @Size(max = 128) @JsonProperty("refresh_token") String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[***]";
        }
    }

    /** OAuth 2.0 client credentials, as JSON or as a form ({@code grant_type} may be given). */
    record ClientCredentials(
            @NotBlank @Size(max = 64) @JsonProperty("client_id") @BindParam("client_id") String clientId,
            @NotBlank @Size(max = 256) @JsonProperty("client_secret") @BindParam("client_secret") String clientSecret,
            @JsonProperty("grant_type") @BindParam("grant_type") String grantType) {
        @Override
        public String toString() {
            return "ClientCredentials[client_id=" + clientId + ", client_secret=***]";
        }
    }

    /** The answer to login, refresh and service-token requests (RFC 6749 field names). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") long expiresIn,
                         @JsonProperty("refresh_token") String refreshToken,
                         @JsonProperty("refresh_expires_in") Long refreshExpiresIn) {

        static TokenResponse of(TokenService.Tokens tokens) {
            return new TokenResponse(tokens.access().token(), "Bearer", tokens.access().expiresIn(),
                    tokens.refreshToken(), tokens.refreshExpiresIn());
        }

        static TokenResponse of(AccessTokens.Issued access) {
            return new TokenResponse(access.token(), "Bearer", access.expiresIn(), null, null);
        }
    }

    @PostMapping("/login")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody Login request, HttpServletRequest http) {
        return noStore(TokenResponse.of(tokens.login(request.email(), request.password(), http.getRemoteAddr())));
    }

    @PostMapping("/refresh")
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody Refresh request) {
        return noStore(TokenResponse.of(tokens.refresh(request.refreshToken())));
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void logout(@Valid @RequestBody Refresh request) {
        tokens.logout(request.refreshToken());
    }

    @PostMapping(path = "/service-tokens", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TokenResponse> serviceToken(@Valid @RequestBody ClientCredentials request, HttpServletRequest http) {
        if (request.grantType() != null && !"client_credentials".equals(request.grantType())) {
            throw ProblemException.badRequest("grant_type must be client_credentials");
        }
        return noStore(TokenResponse.of(tokens.serviceToken(request.clientId(), request.clientSecret(), http.getRemoteAddr())));
    }

    @PostMapping(path = "/service-tokens", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<TokenResponse> serviceTokenForm(@Valid @ModelAttribute ClientCredentials request,
                                                   HttpServletRequest http) {
        return serviceToken(request, http);
    }

    private static ResponseEntity<TokenResponse> noStore(TokenResponse body) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(body);
    }
}
