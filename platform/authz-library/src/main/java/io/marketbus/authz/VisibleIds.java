package io.marketbus.authz;

import java.util.Collection;
import java.util.Set;

/**
 * The resource ids of one type a subject may act on: either {@link All} (a wildcard policy grants
 * every id, including ones created later) or {@link Only} an exact, unmodifiable set.
 *
 * <p>Callers filter queries with it: {@code All} means "no id filter", {@code Only} means
 * "{@code id IN (...)}" (and an empty set means "nothing").
 */
public sealed interface VisibleIds permits VisibleIds.All, VisibleIds.Only {

    /** Every id of the type is visible. */
    static VisibleIds all() {
        return All.INSTANCE;
    }

    /** Exactly these ids are visible. */
    static VisibleIds only(Collection<String> ids) {
        return new Only(Set.copyOf(ids));
    }

    /** Nothing is visible. */
    static VisibleIds none() {
        return Only.NONE;
    }

    /** Whether {@code id} is visible. */
    boolean contains(String id);

    /** Whether a wildcard makes every id visible. */
    boolean isAll();

    /** Every id is visible. */
    record All() implements VisibleIds {
        private static final All INSTANCE = new All();

        @Override
        public boolean contains(String id) {
            return true;
        }

        @Override
        public boolean isAll() {
            return true;
        }
    }

    /**
     * Exactly {@code ids} are visible.
     *
     * @param ids unmodifiable
     */
    record Only(Set<String> ids) implements VisibleIds {
        private static final Only NONE = new Only(Set.of());

        public Only {
            ids = Set.copyOf(ids);
        }

        @Override
        public boolean contains(String id) {
            return ids.contains(id);
        }

        @Override
        public boolean isAll() {
            return false;
        }
    }
}
