package io.marketbus.support.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A create endpoint that honours an {@code Idempotency-Key} header, so a client may send the same
 * request again after a lost answer without creating a second resource:
 * <ul>
 *   <li>a key is the caller's own (scoped to the token's subject): another caller's request with the
 *       same key is a request of its own and never sees the first caller's answer;</li>
 *   <li>the same key with the same request (method, path and body) answers the first answer again —
 *       same status, {@code Location} and body, plus {@code Idempotent-Replayed: true} — and changes
 *       nothing;</li>
 *   <li>the same key with another request answers 422 problem+json and changes nothing;</li>
 *   <li>two such requests at the same time create one resource: the key's row is inserted in the
 *       transaction that creates it, first; PostgreSQL makes the second wait for the first's commit,
 *       which then answers the first's answer (the embedded H2 answers it 409 "in progress");</li>
 *   <li>only successful answers are kept (a refusal rolls the key back with everything else), for
 *       {@code marketbus.web.idempotency-key-retention} (default 24 h); after that the key is new.</li>
 * </ul>
 * Without the header the endpoint behaves as before. The method answers a {@code ResponseEntity};
 * everything it writes must join the surrounding transaction (a {@code TransactionTemplate} with
 * the default propagation does).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface IdempotentWrite {

    /** The request header. */
    String HEADER = "Idempotency-Key";

    /** The header that marks an answer given again for a key seen before. */
    String REPLAYED = "Idempotent-Replayed";
}
