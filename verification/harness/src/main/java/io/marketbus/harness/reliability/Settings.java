package io.marketbus.harness.reliability;

import java.time.Duration;

/**
 * How a mode is run: its load ({@code orders} placed by {@code workers}, {@code paceMillis} apart),
 * its chaos ({@code kills}), its {@code seed}, a {@code quick} variant where it has one, and how long
 * the system may take to {@code settle} afterwards.
 */
public record Settings(int orders, int kills, long seed, boolean quick, Duration settle, int workers, long paceMillis) {

    public static final long DEFAULT_SEED = 20261128L;

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from no orders, no kills, the default seed, 2 minutes to settle, 6 workers, no pacing. */
    public static final class Builder {
        private int orders;
        private int kills;
        private long seed = DEFAULT_SEED;
        private boolean quick;
        private Duration settle = Duration.ofMinutes(2);
        private int workers = 6;
        private long paceMillis;

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

        public Settings build() {
            return new Settings(orders, kills, seed, quick, settle, workers, paceMillis);
        }
    }
}
