package io.marketbus.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CacheStateUnitTests {

    @Test
    void anInstanceThatHasNotReceivedAuthzsvcsRevisionIsStale() {
        assertThat(ExplainController.cacheState(true, 10, 11, 12)).isEqualTo("stale");
    }

    @Test
    void anEntryLoadedEarlierIsCurrentOnceTheInstanceReceivedEveryChangeSince() {
        // Loaded at revision 5; changes 6..12 (none for this subject) reached the instance.
        assertThat(ExplainController.cacheState(true, 5, 12, 12)).isEqualTo("current");
        assertThat(ExplainController.cacheState(true, 12, 12, 12)).isEqualTo("current");
        assertThat(ExplainController.cacheState(true, 13, 13, 12)).isEqualTo("current");
    }

    @Test
    void nothingCachedIsNeitherStaleNorCurrent() {
        assertThat(ExplainController.cacheState(false, 0, 1, 12)).startsWith("not cached");
    }
}
