package io.marketbus.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MoneyUnitTests {

    @Test
    void arithmeticIsExact() {
        Money price = Money.of("0.10");
        assertThat(price.times(3)).isEqualTo(Money.of("0.30"));
        assertThat(Money.of("100").minus(Money.of("33.33"))).hasToString("66.67");
        assertThat(Money.ofMinor(12345)).hasToString("123.45");
        assertThat(Money.of("1.5").minorUnits()).isEqualTo(150);
    }

    @Test
    void neverNegativeNeverRounded() {
        assertThatThrownBy(() -> Money.of("1.00").minus(Money.of("1.01"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Money.of("1.005")).hasMessageContaining("two fraction digits");
        assertThatThrownBy(() -> Money.of("abc")).hasMessageContaining("Not a decimal");
    }
}
