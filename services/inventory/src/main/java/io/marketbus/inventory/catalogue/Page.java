package io.marketbus.inventory.catalogue;

import java.util.List;

/** One page of a list, with the total the caller may see. */
record Page<T>(List<T> items, int page, int size, long total) {}
