package io.marketbus.authz.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/**
 * Subjects whose accounts were deleted: deletion is final, so the cache serves them nothing (no
 * load is read, no grant event is applied, no issued grant is overlaid). The policy store refuses
 * every later grant itself; this only has to outlast what can still arrive from before it: the
 * issued changes this service honours and the entries a refresh could bring back, hence it is kept
 * as long as the longer of the staleness bound and the issued changes' time.
 */
final class DeletedSubjects {

    private final Cache<String, Boolean> deleted;

    DeletedSubjects(long maximumSubjects, Duration kept, Ticker ticker) {
        this.deleted = Caffeine.newBuilder().maximumSize(maximumSubjects).expireAfterWrite(kept).ticker(ticker).build();
    }

    void add(String subject) {
        deleted.put(subject, Boolean.TRUE);
    }

    boolean contains(String subject) {
        return deleted.getIfPresent(subject) != null;
    }
}
