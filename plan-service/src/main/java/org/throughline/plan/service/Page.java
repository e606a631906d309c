package org.throughline.plan.service;

import java.util.List;

/** One page of a list in its order: the items, whether more follow or precede, and how many match in all. */
public record Page<T>(List<T> items, boolean hasNextPage, boolean hasPreviousPage, int totalCount) {
}
