package io.marketbus.support.web;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import io.marketbus.contract.Money;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * Money in a request, written as the contract writes it: an exact decimal with two fraction digits
 * as a JSON string ({@code "12.50"}; a JSON number is refused).
 */
public final class MoneyInput {

    /** Up to 999999999.99, no leading zeros, always two fraction digits. */
    public static final String PATTERN = "^(0|[1-9][0-9]{0,8})\\.[0-9]{2}$";

    private MoneyInput() {}

    /**
     * The amount of a field that passed {@link Format}, which must also be more than 0.00 and at most {@code max}.
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

    /** A string field holding money; {@code example} shows the caller the format in the error message. */
    @Documented
    @Constraint(validatedBy = {})
    @Pattern(regexp = PATTERN)
    @ReportAsSingleViolation
    @Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
    @Retention(RUNTIME)
    public @interface Format {
        String message() default "must be a decimal string with two fraction digits, e.g. \"{example}\"";

        String example() default "12.50";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }
}
