package io.marketbus.authz.policy;

/**
 * "{@code subject} may perform {@code action} on resource {@code resourceType}/{@code
 * resourceId}", written {@code sub:action:resource_type:resource_id}, e.g. {@code 10:get:orders:15}.
 *
 * <p>{@code action} may be {@value #WILDCARD} (every action) and {@code resourceId} may be
 * {@value #WILDCARD} (every resource of the type); subject and type never are. Every component is
 * 1 to {@value #MAX_COMPONENT_LENGTH} characters of ASCII letters, digits and {@code _ - . @} —
 * the same charset the event contract allows, so a policy always round-trips through events and
 * log lines without escaping.
 *
 * @throws InvalidPolicyException from the constructor when a component is malformed
 */
public record Policy(String subject, String action, String resourceType, String resourceId) {

    /** Matches every action, or every resource id of a type. */
    public static final String WILDCARD = "*";

    /** Longest allowed component. */
    public static final int MAX_COMPONENT_LENGTH = 128;

    private static final char SEPARATOR = ':';

    public Policy {
        validate("subject", subject, false);
        validate("action", action, true);
        validate("resource_type", resourceType, false);
        validate("resource_id", resourceId, true);
    }

    /**
     * Parses {@code sub:action:resource_type:resource_id}.
     *
     * @throws InvalidPolicyException when the text does not have four valid components
     */
    public static Policy parse(String text) {
        if (text == null) {
            throw new InvalidPolicyException("policy is missing");
        }
        // limit -1 keeps trailing empty components, so "10:get:orders:" is reported as an empty id
        String[] parts = text.split(String.valueOf(SEPARATOR), -1);
        if (parts.length != 4) {
            throw new InvalidPolicyException(
                    "policy must have 4 components subject:action:resource_type:resource_id, but has "
                            + parts.length);
        }
        return new Policy(parts[0], parts[1], parts[2], parts[3]);
    }

    /** Whether this policy grants every action on its resources. */
    public boolean anyAction() {
        return WILDCARD.equals(action);
    }

    /** Whether this policy grants its action(s) on every resource of its type. */
    public boolean anyResourceId() {
        return WILDCARD.equals(resourceId);
    }

    /** {@code sub:action:resource_type:resource_id}; {@link #parse} reads it back. */
    public String format() {
        return subject + SEPARATOR + action + SEPARATOR + resourceType + SEPARATOR + resourceId;
    }

    @Override
    public String toString() {
        return format();
    }

    private static void validate(String component, String value, boolean wildcardAllowed) {
        if (value == null) {
            throw new InvalidPolicyException(component + " is missing");
        }
        if (value.isEmpty()) {
            throw new InvalidPolicyException(component + " is empty");
        }
        if (value.length() > MAX_COMPONENT_LENGTH) {
            throw new InvalidPolicyException(
                    component + " is longer than " + MAX_COMPONENT_LENGTH + " characters");
        }
        if (WILDCARD.equals(value)) {
            if (!wildcardAllowed) {
                throw new InvalidPolicyException(component + " may not be the wildcard '*'");
            }
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == SEPARATOR) {
                throw new InvalidPolicyException(component + " contains the separator ':' at index " + i);
            }
            if (c == '*') {
                throw new InvalidPolicyException(
                        component + " contains '*' at index " + i + "; '*' is only allowed as the whole "
                                + (wildcardAllowed ? "component" : "action or resource_id"));
            }
            if (!isSafe(c)) {
                throw new InvalidPolicyException(
                        component + " contains the character U+" + String.format("%04X", (int) c)
                                + " at index " + i + "; allowed are ASCII letters, digits and _ - . @");
            }
        }
    }

    private static boolean isSafe(char c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '_'
                || c == '-'
                || c == '.'
                || c == '@';
    }
}
