package io.marketbus.policies;

/**
 * A grant for a subject whose account was deleted: deletion is final, so it is refused (a bus
 * command is dead-lettered {@code REJECTED}, an HTTP request gets 409) and nothing changes.
 */
final class SubjectDeleted extends RuntimeException {

    SubjectDeleted(String subject) {
        super("Subject deleted: the account of " + subject + " was deleted; no policy is granted to it again");
    }
}
