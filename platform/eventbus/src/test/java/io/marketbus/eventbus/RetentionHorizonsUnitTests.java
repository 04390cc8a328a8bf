package io.marketbus.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetentionHorizonsUnitTests {

    @Test
    void theDefaultsGiveAReplayHorizonOfEightDaysAndADedupeRetentionOfNine() {
        RetentionHorizons horizons = RetentionHorizons.of(BusSettings.Streams.DEFAULTS);
        assertThat(horizons.replayHorizon()).isEqualTo(Duration.ofDays(8)); // 24 h + 7 d
        assertThat(horizons.dedupeRetention()).isEqualTo(Duration.ofDays(9)); // + another 24 h in the stream
        assertThat(horizons.pendingAgeWarning()).isEqualTo(Duration.ofMinutes(24 * 60 * 8 / 10));
    }

    @Test
    void everyHorizonFollowsTheConfiguredAges() {
        RetentionHorizons horizons = RetentionHorizons.of(BusSettings.Streams.builder()
                .maxAge(Duration.ofDays(30)).deadLetterMaxAge(Duration.ofDays(14)).build());
        assertThat(horizons.replayHorizon()).isEqualTo(Duration.ofDays(44));
        assertThat(horizons.dedupeRetention()).isEqualTo(Duration.ofDays(74));
        assertThat(horizons.pendingAgeWarning()).isEqualTo(Duration.ofDays(24));

        RetentionHorizons seconds = new RetentionHorizons(Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertThat(seconds.replayHorizon()).isEqualTo(Duration.ofSeconds(3));
        assertThat(seconds.dedupeRetention()).isEqualTo(Duration.ofSeconds(5));
        assertThat(seconds.pendingAgeWarning()).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void aReplayIsRefusedOnlyBeyondTheReplayHorizon_withTheReason() {
        RetentionHorizons horizons = new RetentionHorizons(Duration.ofHours(24), Duration.ofDays(7));
        Instant now = Instant.parse("2026-12-02T12:00:00Z");
        assertThat(horizons.refuseReplay(now.minus(Duration.ofDays(8)), now)).isEmpty();
        assertThat(horizons.refuseReplay(now.minus(Duration.ofDays(1)), now)).isEmpty();
        assertThat(horizons.refuseReplay(now.minus(Duration.ofDays(8)).minusSeconds(1), now)).hasValueSatisfying(reason ->
                assertThat(reason).contains("dedupe horizon of PT192H").contains("stream max age PT24H")
                        .contains("dead-letter max age PT168H").contains("published PT192H1S ago"));
    }

    @Test
    void unlimitedOrNegativeAgesHaveNoHorizon() {
        assertThatThrownBy(() -> new RetentionHorizons(Duration.ZERO, Duration.ofDays(7)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionHorizons(Duration.ofDays(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
