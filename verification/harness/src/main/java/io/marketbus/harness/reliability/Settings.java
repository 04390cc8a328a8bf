package io.marketbus.harness.reliability;

import java.time.Duration;
import java.util.Map;

/**
 * How a mode is run: its load ({@code orders} placed by {@code workers}, {@code paceMillis} apart),
 * its chaos ({@code kills}, and how long each fault lasts: {@link Faults}), its {@code seed}, a
 * {@code quick} variant where it has one, how long the system may take to {@code settle}
 * afterwards, how long a soak lasts ({@code soak}), and extra {@code environment} for every service
 * process (e.g. shortened cache settings).
 */
public record Settings(int orders, int kills, long seed, boolean quick, Duration settle, int workers, long paceMillis,
                       Faults faults, Duration soak, Map<String, String> environment) {

    public static final long DEFAULT_SEED = 20261128L;

    /**
     * How long each fault of the chaos lasts: the nats-server killed and away, the services'
     * database cut off (a TCP proxy between them and PostgreSQL), a killed service process dead
     * before it is started again. Zero leaves that fault out. The defaults are outages as long as
     * real ones, longer than any client's or consumer's retry.
     */
    public record Faults(Duration natsDown, Duration databaseDown, Duration serviceDown) {
        public static final Faults DEFAULT = new Faults(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(20));
    }

    /** The soak's default length. */
    public static final Duration DEFAULT_SOAK = Duration.ofMinutes(30);

    public Settings {
        environment = Map.copyOf(environment);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts from no orders, no kills, the default seed, 2 minutes to settle, 6 workers, no pacing,
     * the default fault lengths, a 30-minute soak and no extra environment.
     */
    public static final class Builder {
        private int orders;
        private int kills;
        private long seed = DEFAULT_SEED;
        private boolean quick;
        private Duration settle = Duration.ofMinutes(2);
        private int workers = 6;
        private long paceMillis;
        private Faults faults = Faults.DEFAULT;
        private Duration soak = DEFAULT_SOAK;
        private Map<String, String> environment = Map.of();

        private Builder() {}

        public Builder orders(int orders) {
            this.orders = orders;
            return this;
        }

        public Builder kills(int kills) {
            this.kills = kills;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder quick(boolean quick) {
            this.quick = quick;
            return this;
        }

        public Builder settle(Duration settle) {
            this.settle = settle;
            return this;
        }

        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        public Builder paceMillis(long paceMillis) {
            this.paceMillis = paceMillis;
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = faults;
            return this;
        }

        public Builder soak(Duration soak) {
            this.soak = soak;
            return this;
        }

        public Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        public Settings build() {
            return new Settings(orders, kills, seed, quick, settle, workers, paceMillis, faults, soak, environment);
        }
    }
}
