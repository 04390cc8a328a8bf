package io.marketbus.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An exact, non-negative amount with two fraction digits. On the wire it is a decimal string
 * ({@code "12.50"}) so that no JSON reader ever turns it into a float.
 */
public record Money(BigDecimal amount) implements Comparable<Money> {

    public static final Money ZERO = new Money(BigDecimal.ZERO);

    public Money {
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("Money cannot be negative: " + amount.toPlainString());
        }
        try {
            // More than two fraction digits is an error, never a silent rounding.
            amount = amount.setScale(2, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Money has at most two fraction digits: " + amount.toPlainString());
        }
    }

    @JsonCreator
    public static Money of(String decimal) {
        try {
            return new Money(new BigDecimal(decimal));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a decimal amount: '" + decimal + "'");
        }
    }

    /** Amount from minor units (cents). */
    public static Money ofMinor(long minorUnits) {
        return new Money(BigDecimal.valueOf(minorUnits, 2));
    }

    public long minorUnits() {
        return amount.movePointRight(2).longValueExact();
    }

    public Money plus(Money other) {
        return new Money(amount.add(other.amount));
    }

    /** @throws IllegalArgumentException when the result would be negative */
    public Money minus(Money other) {
        return new Money(amount.subtract(other.amount));
    }

    public Money times(long factor) {
        return new Money(amount.multiply(BigDecimal.valueOf(factor)));
    }

    @JsonValue
    @Override
    public String toString() {
        return amount.toPlainString();
    }

    @Override
    public int compareTo(Money other) {
        return amount.compareTo(other.amount);
    }
}
