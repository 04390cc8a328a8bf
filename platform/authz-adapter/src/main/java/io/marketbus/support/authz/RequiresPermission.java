package io.marketbus.support.authz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission an endpoint needs, checked against the caller's cached policies before the
 * controller runs; a denial is a 403 problem+json.
 *
 * <pre>{@code
 * @RequiresPermission(action = "get", resource = "orders", idVariable = "id")   // GET /orders/{id}
 * @RequiresPermission(action = "post", resource = "orders")                     // needs orders:post:*
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresPermission {

    String action();

    /** The resource type, e.g. {@code orders}. */
    String resource();

    /** The path variable holding the resource id; empty means the whole type ({@code *}). */
    String idVariable() default "";
}
