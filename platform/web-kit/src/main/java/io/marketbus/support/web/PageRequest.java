package io.marketbus.support.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springdoc.core.annotations.ParameterObject;

/**
 * Which page of a list the caller asks for: the query parameters {@code page} (from 0, default 0,
 * at most {@value #MAX_PAGE}) and {@code size} (1 to {@value #MAX_SIZE}, default {@value #DEFAULT_SIZE}).
 * A controller method takes it as a parameter; an invalid value is a 400 problem, as for any
 * parameter that fails its constraints.
 */
@ParameterObject
public record PageRequest(
        @Schema(defaultValue = "0") @Min(0) @Max(MAX_PAGE) int page,
        @Schema(defaultValue = "" + DEFAULT_SIZE) @Min(1) @Max(MAX_SIZE) int size) {

    public static final int MAX_PAGE = 100_000;
    public static final int MAX_SIZE = 100;
    public static final int DEFAULT_SIZE = 20;

    /** How many rows come before this page. */
    public long offset() {
        return (long) page * size;
    }

    /** This page of a list: its items and the total the caller may see. */
    public <T> Page<T> of(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }

    /** This page of a list the caller sees nothing of. */
    public <T> Page<T> empty() {
        return of(List.of(), 0);
    }
}
