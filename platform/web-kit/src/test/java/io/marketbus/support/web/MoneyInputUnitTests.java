package io.marketbus.support.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.Test;

class MoneyInputUnitTests {

    record Recharge(@Pattern(regexp = MoneyInput.PATTERN, message = MoneyInput.MESSAGE + "\"25.00\"") String amount) {}

    final Validator validator = Validation.byProvider(HibernateValidator.class).configure().defaultLocale(Locale.ENGLISH)
            .buildValidatorFactory().getValidator();

    @Test
    void moneyIsADecimalStringWithTwoFractionDigits() {
        for (String valid : new String[] {"0.00", "12.50", "999999999.99"}) {
            assertThat(validator.validate(new Recharge(valid))).as(valid).isEmpty();
        }
        for (String invalid : new String[] {"12.5", "012.50", "1e3", "12.500", "-1.00", "1000000000.00", " 1.00"}) {
            Set<ConstraintViolation<Recharge>> violations = validator.validate(new Recharge(invalid));
            assertThat(violations).as(invalid).singleElement().extracting(ConstraintViolation::getMessage)
                    .isEqualTo("must be a decimal string with two fraction digits, e.g. \"25.00\"");
        }
    }

    @Test
    void anAmountMustBePositiveAndWithinItsMaximum() {
        BigDecimal max = new BigDecimal("1000000.00");
        assertThat(MoneyInput.positiveAtMost("amount", "1000000.00", max).amount()).isEqualByComparingTo(max);
        for (String outside : new String[] {"0.00", "1000000.01"}) {
            assertThatThrownBy(() -> MoneyInput.positiveAtMost("amount", outside, max))
                    .isInstanceOf(ProblemException.class)
                    .hasMessage("amount must be more than 0.00 and at most 1000000.00");
        }
    }
}
