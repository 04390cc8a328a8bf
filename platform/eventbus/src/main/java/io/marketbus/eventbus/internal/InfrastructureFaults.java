package io.marketbus.eventbus.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure of the database under a handler (unreachable, timing out, read-only, out of
 * connections) from a failure of the handler itself. The first says nothing about the event, so it
 * must not use up the event's deliveries; the second may be poison and ends in the dead letters.
 */
final class InfrastructureFaults {

    private InfrastructureFaults() {}

    /** Whether {@code failure} or anything in its cause chain is a fault of the database, not of the event. */
    static boolean isInfrastructure(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (isFault(t)) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getNextException() != null && isFault(sql.getNextException())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFault(Throwable t) {
        // Spring's translations: no connection (CannotGetJdbcConnectionException), query timeouts,
        // lock and serialization failures, a transaction that could not begin.
        if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                || t instanceof CannotCreateTransactionException) {
            return true;
        }
        // JDBC's own: Hikari's "connection is not available, request timed out" is a
        // SQLTransientConnectionException; timeouts and rollbacks are SQLTransientExceptions.
        if (t instanceof SQLTransientException || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException) {
            return true;
        }
        return t instanceof SQLException sql && isFaultState(sql.getSQLState());
    }

    /**
     * SQLStates of a database that cannot serve right now: class 08 (connection exception), 25006
     * (read-only transaction: a replica or a primary in recovery), 53 (insufficient resources, such
     * as too many connections), 57P01-57P03 (shutting down, crashed, cannot connect now), 57014
     * (statement canceled by a timeout).
     */
    static boolean isFaultState(String state) {
        if (state == null) {
            return false;
        }
        return state.startsWith("08") || state.equals("25006") || state.startsWith("53")
                || state.startsWith("57P0") || state.equals("57014");
    }
}
