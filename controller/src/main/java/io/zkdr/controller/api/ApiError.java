package io.zkdr.controller.api;

/**
 * The one error shape of the API.
 *
 * @param code machine-readable code ({@code INVALID}, {@code NOT_FOUND}, {@code ALREADY_EXISTS},
 *     {@code CONFLICT}, {@code PAYLOAD_TOO_LARGE}, {@code UNAVAILABLE}, {@code INTERNAL})
 * @param message what is wrong, naming the field or entity at fault
 */
public record ApiError(String code, String message) {}
