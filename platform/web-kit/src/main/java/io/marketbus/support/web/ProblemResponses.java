package io.marketbus.support.web;

import io.marketbus.contract.ContractViolation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as RFC 9457 problem+json with a 4xx for the caller's faults, and never a stack trace.
 * Services throw {@link ProblemException} (or the standard Spring exceptions) and get the rest free.
 */
@RestControllerAdvice
public class ProblemResponses extends ResponseEntityExceptionHandler {

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        body.setTitle(e.title());
        body.setType(URI.create("https://marketbus.io/problems/" + e.type()));
        e.properties().forEach(body::setProperty);
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        e.headers().forEach(response::header);
        return response.body(body);
    }

    /** An event the request would cause does not satisfy the contract: the input was not acceptable. */
    @ExceptionHandler(ContractViolation.class)
    ResponseEntity<ProblemDetail> contractViolation(ContractViolation e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        body.setTitle("Invalid input");
        return ResponseEntity.badRequest().body(body);
    }

    /** Bean validation on parameters ({@code @Min} on a query parameter, say). */
    @ExceptionHandler(jakarta.validation.ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> constraintViolation(jakarta.validation.ConstraintViolationException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid parameters: "
                + e.getConstraintViolations().stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted().toList());
        body.setTitle("Invalid input");
        return ResponseEntity.badRequest().body(body);
    }

    /** A page or size out of range: the same answer as for any other parameter that fails its constraints. */
    @ExceptionHandler(PageRequestResolver.InvalidPageRequest.class)
    ResponseEntity<ProblemDetail> invalidPageRequest(PageRequestResolver.InvalidPageRequest e) {
        return ResponseEntity.badRequest().body(invalidParameters(e.violations()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> illegalArgument(IllegalArgumentException e) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        body.setTitle("Invalid input");
        return ResponseEntity.badRequest().body(body);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ex.getBody();
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        body.setDetail("Invalid fields: " + errors.stream().map(e -> e.get("field") + " " + e.get("message")).toList());
        body.setProperty("errors", errors);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = invalidParameters(ex.getAllErrors().stream().map(e -> e.getDefaultMessage()).toList());
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    private static ProblemDetail invalidParameters(List<String> violations) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Invalid parameters: " + violations);
    }
}
