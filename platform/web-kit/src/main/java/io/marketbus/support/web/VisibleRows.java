package io.marketbus.support.web;

import io.marketbus.authz.VisibleIds;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The rows of a list the caller may see, as an SQL filter on their {@code id}: every row
 * ({@code all}), or those whose id is among {@code ids} (none when empty). Made from the caller's
 * {@link VisibleIds}; an id in a policy that is not an id of the table (not a UUID, say) names nothing.
 *
 * @param ids unmodifiable; empty when {@code all}
 */
public record VisibleRows<T>(boolean all, Set<T> ids) {

    public VisibleRows {
        ids = Set.copyOf(ids);
    }

    public static <T> VisibleRows<T> everything() {
        return new VisibleRows<>(true, Set.of());
    }

    public static <T> VisibleRows<T> only(Set<T> ids) {
        return new VisibleRows<>(false, ids);
    }

    /** @param id the table's id of a policy's resource id, or empty when it cannot be one */
    public static <T> VisibleRows<T> of(VisibleIds visible, Function<String, Optional<T>> id) {
        if (visible instanceof VisibleIds.Only only) {
            return only(only.ids().stream().map(id).flatMap(Optional::stream).collect(Collectors.toSet()));
        }
        return everything();
    }

    /** For tables keyed by UUID. */
    public static VisibleRows<UUID> ofUuids(VisibleIds visible) {
        return of(visible, VisibleRows::uuid);
    }

    /** For tables keyed by number (accounts). */
    public static VisibleRows<Long> ofNumbers(VisibleIds visible) {
        return of(visible, VisibleRows::number);
    }

    /** Nothing is visible: the list is empty without asking the database. */
    public boolean none() {
        return !all && ids.isEmpty();
    }

    /**
     * The {@code where} clause: the other conditions given (null ones are left out) and, unless
     * every row is visible, {@code id in (:ids)}; empty when there is no condition at all.
     */
    public String where(String... conditions) {
        Stream<String> own = all ? Stream.empty() : Stream.of("id in (:ids)");
        String joined = Stream.concat(Arrays.stream(conditions).filter(Objects::nonNull), own)
                .collect(Collectors.joining(" and "));
        return joined.isEmpty() ? "" : "where " + joined;
    }

    /** Binds {@code :ids} of {@link #where}. */
    public JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        return all ? statement : statement.param("ids", ids);
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> number(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
