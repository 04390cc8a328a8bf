package io.marketbus.harness.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line of {@code ./marketbus reliability} and the settings each mode gets from it. */
class OptionsUnitTests {

    @Test
    void withoutArgumentsEveryMainModeRunsWithItsDefaults() {
        Options options = Options.parse();

        assertThat(options.modes()).containsExactly("crash", "duplicates", "poison", "fuzz");
        assertThat(options.settings("crash")).isEqualTo(
                settings(2000, 6, 20261128L, false, Duration.ofMinutes(6), 6, 0));
        assertThat(options.settings("duplicates")).isEqualTo(
                settings(300, 0, 20261128L, false, Duration.ofMinutes(3), 6, 0));
        assertThat(options.settings("poison")).isEqualTo(
                settings(0, 0, 20261128L, false, Duration.ofMinutes(2), 6, 0));
        assertThat(options.settings("fuzz")).isEqualTo(options.settings("poison"));
    }

    @Test
    void theOptionsShapeTheSettings() {
        Options options = Options.parse("crash", "--orders=100", "--kills=2", "--seed=7", "--quick");

        assertThat(options.modes()).containsExactly("crash");
        assertThat(options.settings("crash")).isEqualTo(settings(100, 2, 7L, true, Duration.ofMinutes(6), 6, 0));
    }

    @Test
    void withinAllTheDuplicatesRunAFifthOfTheOrdersAndAtLeastThirty() {
        assertThat(Options.parse("--orders=1000").settings("duplicates").orders()).isEqualTo(200);
        assertThat(Options.parse("--orders=100").settings("duplicates").orders()).isEqualTo(30);
        assertThat(Options.parse("duplicates", "--orders=100").settings("duplicates").orders()).isEqualTo(100);
    }

    @Test
    void scaleAndClusterRunOnlyWhenAsked() {
        assertThat(Options.parse("scale").modes()).containsExactly("scale");
        assertThat(Options.parse("scale").settings("scale")).isEqualTo(
                settings(300, 0, 20261128L, false, Duration.ofMinutes(3), 4, 0)); // the 4 workers these modes always ran
        assertThat(Options.parse("cluster", "--orders=50").settings("cluster")).isEqualTo(
                settings(50, 0, 20261128L, false, Duration.ofMinutes(4), 4, 0));
    }

    @Test
    void theFaultsLastAsLongAsRealOutagesUnlessShortened() {
        assertThat(Options.parse("crash").settings("crash").faults()).isEqualTo(
                new Settings.Faults(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(20)));
        assertThat(Options.parse("crash", "--nats-down=8s", "--db-down=1m", "--service-down=1500ms").settings("crash").faults())
                .isEqualTo(new Settings.Faults(Duration.ofSeconds(8), Duration.ofMinutes(1), Duration.ofMillis(1500)));
        assertThat(Options.parse("--db-down=0").settings("crash").faults().databaseDown()).isZero();
        assertThatThrownBy(() -> Options.parse("--nats-down=soon")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void theSoakRunsHalfAnHourUnlessToldOtherwiseAndOnlyWhenAsked() {
        assertThat(Options.parse().modes()).doesNotContain("soak");
        assertThat(Options.parse("soak").modes()).containsExactly("soak");
        assertThat(Options.parse("soak").settings("soak").soak()).isEqualTo(Duration.ofMinutes(30));
        assertThat(Options.parse("soak", "--minutes=2").settings("soak").soak()).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.parse("soak").settings("soak").environment()).as("the default cache settings").isEmpty();
    }

    @Test
    void theLastModeGivenIsTheOneRun() {
        assertThat(Options.parse("poison", "fuzz").modes()).isEqualTo(List.of("fuzz"));
    }

    @Test
    void anUnknownArgumentIsAUsageErrorAndABadNumberIsNot() {
        assertThatThrownBy(() -> Options.parse("--order=5")).isInstanceOf(Options.UnknownArgument.class);
        assertThatThrownBy(() -> Options.parse("--orders=many"))
                .isInstanceOf(NumberFormatException.class)
                .isNotInstanceOf(Options.UnknownArgument.class);
    }

    @Test
    void everyModeOfTheCommandLineExists() {
        for (String name : List.of("crash", "duplicates", "poison", "fuzz", "scale", "cluster", "soak")) {
            assertThat(ReliabilityHarness.mode(name).name()).isEqualTo(name);
            assertThat(Options.parse(name).settings(name)).isNotNull();
        }
    }

    @Test
    void theBuilderStartsFromTheDefaults() {
        assertThat(Settings.builder().build()).isEqualTo(settings(0, 0, 20261128L, false, Duration.ofMinutes(2), 6, 0));
        assertThat(Settings.builder().orders(30).kills(1).seed(11L).quick(true).settle(Duration.ofSeconds(5))
                .workers(4).paceMillis(400).build())
                .isEqualTo(settings(30, 1, 11L, true, Duration.ofSeconds(5), 4, 400));
    }

    /** Settings with the default faults, soak length and environment. */
    private static Settings settings(int orders, int kills, long seed, boolean quick, Duration settle, int workers, long paceMillis) {
        return new Settings(orders, kills, seed, quick, settle, workers, paceMillis, Settings.Faults.DEFAULT,
                Duration.ofMinutes(30), java.util.Map.of());
    }
}
