package io.marketbus.accounts.accounts;

import io.marketbus.support.security.Roles;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who calls: the token's subject (an account id, or {@code svc:<name>} for a service) and role, or
 * nobody (a public endpoint called without a token).
 */
record Caller(String subject, String role) {

    static final Caller ANONYMOUS = new Caller(null, null);

    static Caller of(Jwt jwt) {
        return jwt == null ? ANONYMOUS : new Caller(jwt.getSubject(), jwt.getClaimAsString(Roles.CLAIM));
    }

    boolean isAnonymous() {
        return subject == null;
    }

    boolean isAdmin() {
        return "admin".equals(role);
    }
}
