package io.marketbus.support.web;

import java.util.List;

/** One page of a list, with the total the caller may see: {@code {"items":[…],"page":0,"size":20,"total":3}}. */
public record Page<T>(List<T> items, int page, int size, long total) {}
