package io.marketbus.console;

import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in, and the CSRF token the pages send with their POSTs (never the access token). */
@RestController
class SessionController {

    @GetMapping("/api/session")
    Map<String, Object> session(@AuthenticationPrincipal AdminSession admin, CsrfToken csrf) {
        return Map.of("email", admin.email(), "account_id", admin.accountId(), "expires_at", admin.expiresAt().toString(),
                "csrf_header", csrf.getHeaderName(), "csrf_token", csrf.getToken());
    }
}
