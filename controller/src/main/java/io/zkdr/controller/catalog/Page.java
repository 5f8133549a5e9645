package io.zkdr.controller.catalog;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the entries
 * @param nextPageToken pass as {@code pageToken} to get the next page; null on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {}
