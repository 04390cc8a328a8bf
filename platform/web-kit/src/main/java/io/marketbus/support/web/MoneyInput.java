package io.marketbus.support.web;

import io.marketbus.contract.Money;
import java.math.BigDecimal;

/**
 * Money in a request, written as the contract writes it: an exact decimal with two fraction digits
 * as a JSON string ({@code "12.50"}; a JSON number is refused).
 */
public final class MoneyInput {

    /**
     * Up to 999999999.99, no leading zeros, always two fraction digits. A field holding money is
     * {@code @Pattern(regexp = MoneyInput.PATTERN, message = MoneyInput.MESSAGE + "\"12.50\"")}: a plain
     * {@code @Pattern}, so the API docs show it.
     */
    public static final String PATTERN = "^(0|[1-9][0-9]{0,8})\\.[0-9]{2}$";

    /** The start of the message when a field does not match {@link #PATTERN}; an example follows. */
    public static final String MESSAGE = "must be a decimal string with two fraction digits, e.g. ";

    private MoneyInput() {}

    /**
     * The amount of a field that matched {@link #PATTERN}, which must also be more than 0.00 and at most {@code max}.
     *
     * @throws ProblemException 400 {@code "<field> must be more than 0.00 and at most <max>"}
     */
    public static Money positiveAtMost(String field, String text, BigDecimal max) {
        Money money = Money.of(text);
        if (money.amount().signum() <= 0 || money.amount().compareTo(max) > 0) {
            throw ProblemException.badRequest(field + " must be more than 0.00 and at most " + max);
        }
        return money;
    }
}
