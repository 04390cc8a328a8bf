package io.marketbus.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The command line of {@code ./marketbus bench load}. */
class SettingsUnitTests {

    @Test
    void withoutArgumentsTheDefaultsHold() {
        assertThat(Settings.parse(new String[0])).isEqualTo(new Settings(32, 64, 16, 120, 30, 3, 10, 20_000, 10, 15, 1_000, 3, 20, 1));
    }

    @Test
    void everyOptionSetsItsOwnSetting() {
        Settings settings = Settings.parse(new String[] {"--clients=4", "--customers=8", "--products=2", "--warmup=1",
                "--saga=5", "--get-warmup=0", "--get=2", "--raw-events=100", "--from-rate=5", "--step=3", "--slo-ms=250",
                "--rounds=1", "--get-jit-warmup=7", "--embedded=0"});

        assertThat(settings).isEqualTo(new Settings(4, 8, 2, 1, 5, 0, 2, 100, 5, 3, 250, 1, 7, 0));
    }

    @Test
    void theLeadingDashesAreOptionalAndTheLastValueWins() {
        assertThat(Settings.parse(new String[] {"clients=2", "--clients=3"}).clients()).isEqualTo(3);
    }

    @Test
    void anUnknownOrValuelessArgumentIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Settings.parse(new String[] {"--client=4"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown argument --client=4; known: ")
                .hasMessageContaining("raw-events");
        assertThatThrownBy(() -> Settings.parse(new String[] {"--saga"}))
                .hasMessageStartingWith("unknown argument --saga");
    }
}
