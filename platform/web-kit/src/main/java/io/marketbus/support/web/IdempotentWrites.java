package io.marketbus.support.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs an {@link IdempotentWrite} endpoint that received an {@code Idempotency-Key}: in one
 * transaction, takes the caller's key ({@link IdempotencyKeys#claim}), then either runs the endpoint
 * and stores its answer, or answers the stored one (422 when it belonged to another request).
 */
final class IdempotentWrites implements MethodInterceptor {

    static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyKeys keys;
    private final TransactionTemplate tx;
    private final JsonMapper json;

    IdempotentWrites(IdempotencyKeys keys, PlatformTransactionManager transactions, JsonMapper json) {
        this.keys = keys;
        this.tx = new TransactionTemplate(transactions);
        this.json = json;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        String key = request == null ? null : request.getHeader(IdempotentWrite.HEADER);
        String caller = caller();
        if (key == null || caller == null) {
            return invocation.proceed(); // no key; or nobody to scope it to (the endpoints need a token anyway)
        }
        checkKey(key);
        Method method = invocation.getMethod();
        if (!ResponseEntity.class.equals(method.getReturnType())) {
            throw new IllegalStateException("@IdempotentWrite " + method + " must answer a ResponseEntity");
        }
        String fingerprint = fingerprint(request, method, invocation.getArguments());
        try {
            return tx.execute(status -> {
                Optional<IdempotencyKeys.Answer> first = keys.claim(caller, key, fingerprint);
                if (first.isPresent()) {
                    return replay(first.get(), fingerprint, method);
                }
                ResponseEntity<?> answer = (ResponseEntity<?>) proceed(invocation);
                URI location = answer.getHeaders().getLocation();
                keys.answer(caller, key, answer.getStatusCode().value(), location == null ? null : location.toString(),
                        answer.getBody() == null ? null : json.writeValueAsString(answer.getBody()));
                return answer;
            });
        } catch (EndpointFailure failure) {
            throw failure.getCause();
        }
    }

    private ResponseEntity<Object> replay(IdempotencyKeys.Answer first, String fingerprint, Method method) {
        if (!first.fingerprint().equals(fingerprint)) {
            throw new ProblemException(HttpStatus.valueOf(422), "idempotency-key-reused", "Idempotency key reused",
                    "This Idempotency-Key was sent with another request; a new request needs a new key", Map.of(), Map.of());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(first.status()).header(IdempotentWrite.REPLAYED, "true");
        if (first.location() != null) {
            answer.location(URI.create(first.location()));
        }
        if (first.body() == null) {
            return answer.build();
        }
        JavaType type = json.getTypeFactory().constructType(ResolvableType.forMethodReturnType(method).getGeneric(0).getType());
        // Fields a newer version no longer has (a deployment within the retention) are not the caller's fault.
        return answer.body(json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(first.body()));
    }

    /** The token's subject: an account id, or a service's {@code svc:<name>}. */
    private static String caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null || !auth.isAuthenticated() ? null : auth.getName();
    }

    private static void checkKey(String key) {
        boolean visible = !key.isBlank() && key.length() <= MAX_KEY_LENGTH
                && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        if (!visible) {
            throw ProblemException.badRequest("The " + IdempotentWrite.HEADER + " header takes 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters, e.g. a UUID");
        }
    }

    /** What makes two requests the same one: method, path (its ids included) and the body as the endpoint read it. */
    private String fingerprint(HttpServletRequest request, Method method, Object[] arguments) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha256.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i].isAnnotationPresent(RequestBody.class)) {
                sha256.update(json.writeValueAsBytes(arguments[i]));
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static Object proceed(MethodInvocation invocation) {
        try {
            return invocation.proceed();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new EndpointFailure(e);
        }
    }

    /** A checked exception of the endpoint, carried out of the transaction (which it rolled back). */
    private static final class EndpointFailure extends RuntimeException {
        EndpointFailure(Throwable cause) {
            super(cause);
        }
    }
}
