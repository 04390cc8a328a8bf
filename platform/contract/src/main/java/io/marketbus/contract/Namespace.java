package io.marketbus.contract;

import java.util.regex.Pattern;

/**
 * A prefix that keeps environments and test runs apart on one NATS server: stream {@code ordersvc}
 * becomes {@code <ns>_ordersvc}, subject {@code ordersvc.x} becomes {@code <ns>.ordersvc.x}. The
 * empty namespace changes nothing (production names are the contract's names).
 */
public record Namespace(String prefix) {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9-]{0,32}");

    public static final Namespace NONE = new Namespace("");

    public Namespace {
        if (prefix == null || !VALID.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "A namespace is up to 32 letters, digits or '-', got '" + prefix + "'");
        }
    }

    public String stream(String stream) {
        return prefix.isEmpty() ? stream : prefix + "_" + stream;
    }

    public String subject(String subject) {
        return prefix.isEmpty() ? subject : prefix + "." + subject;
    }

    /** The contract subject of a namespaced one. */
    public String unprefixSubject(String subject) {
        if (prefix.isEmpty()) {
            return subject;
        }
        String start = prefix + ".";
        if (!subject.startsWith(start)) {
            throw new IllegalArgumentException("Subject " + subject + " is not in namespace " + prefix);
        }
        return subject.substring(start.length());
    }
}
