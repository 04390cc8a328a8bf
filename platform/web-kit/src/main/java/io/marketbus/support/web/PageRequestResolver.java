package io.marketbus.support.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.List;
import org.springframework.beans.ConversionNotSupportedException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.annotation.MethodArgumentConversionNotSupportedException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Makes a {@link PageRequest} of the query parameters exactly as two {@code @RequestParam int}
 * parameters with defaults and {@code @Min}/{@code @Max} did: the same conversion (so the same 400
 * for {@code page=abc}) and the same validation messages, in the request's locale.
 */
final class PageRequestResolver implements HandlerMethodArgumentResolver {

    private static final List<String> ORDER = List.of("page", "size");

    private final Validator validator;

    PageRequestResolver(Validator validator) {
        this.validator = validator;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PageRequest.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binders) throws Exception {
        PageRequest page = new PageRequest(value(parameter, request, binders, "page", "0"),
                value(parameter, request, binders, "size", Integer.toString(PageRequest.DEFAULT_SIZE)));
        List<String> violations = validator.validate(page).stream()
                .sorted(Comparator.comparing(v -> ORDER.indexOf(v.getPropertyPath().toString())))
                .map(ConstraintViolation::getMessage)
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidPageRequest(violations);
        }
        return page;
    }

    /** As {@code @RequestParam(defaultValue = ...)}: absent or empty means the default; repeated means the first. */
    private static int value(MethodParameter parameter, NativeWebRequest request, WebDataBinderFactory binders,
                             String name, String defaultValue) throws Exception {
        String[] values = request.getParameterValues(name);
        Object raw = values == null ? null : values.length == 1 ? values[0] : values;
        if (raw == null || "".equals(raw)) {
            raw = defaultValue;
        }
        WebDataBinder binder = binders.createBinder(request, null, name);
        try {
            return binder.convertIfNecessary(raw, int.class);
        } catch (ConversionNotSupportedException e) {
            throw new MethodArgumentConversionNotSupportedException(raw, e.getRequiredType(), name, parameter, e.getCause());
        } catch (TypeMismatchException e) {
            throw new MethodArgumentTypeMismatchException(raw, e.getRequiredType(), name, parameter, e.getCause());
        }
    }

    /** A page or size out of range; answered like any parameter that fails its constraints. */
    static final class InvalidPageRequest extends RuntimeException {
        private final List<String> violations;

        InvalidPageRequest(List<String> violations) {
            super("Invalid parameters: " + violations);
            this.violations = List.copyOf(violations);
        }

        List<String> violations() {
            return violations;
        }
    }
}
