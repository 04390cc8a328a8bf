package io.marketbus.launcher;

/**
 * A command needs a running system (or its bus) and found none. Its message is the one line the
 * command prints: what is missing and how to start it - never a stack trace.
 */
final class SystemUnavailable extends RuntimeException {

    static final String HOW_TO_START = "start the system with ./marketbus run (in another terminal), then run this command again";

    SystemUnavailable(String message) {
        super(message);
    }
}
