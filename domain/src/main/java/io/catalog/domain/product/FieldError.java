package io.catalog.domain.product;

/** One rejected field: what the API's {@code details} array and the command DLQ reason name. */
public record FieldError(String field, String message) {}
