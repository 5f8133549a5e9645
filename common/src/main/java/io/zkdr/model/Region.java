package io.zkdr.model;

/**
 * A failure domain with its own controller and its own backup storage.
 *
 * @param name region name, e.g. {@code us-east}
 * @param description free text for operators; may be null
 */
public record Region(String name, String description) {}
