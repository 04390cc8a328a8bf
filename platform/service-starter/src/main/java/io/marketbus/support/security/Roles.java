package io.marketbus.support.security;

/** Roles carried in the access token's {@code role} claim, as Spring authorities. */
public final class Roles {
    public static final String CLAIM = "role";
    public static final String ADMIN = "ROLE_admin";
    /** Another Marketbus service calling on its own behalf (client-credentials token). */
    public static final String SERVICE = "ROLE_service";

    private Roles() {}
}
