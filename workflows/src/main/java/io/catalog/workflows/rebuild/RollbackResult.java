package io.catalog.workflows.rebuild;

/** The alias {@code alias} moved from {@code from} to {@code to}. */
public record RollbackResult(String alias, String from, String to) {}
