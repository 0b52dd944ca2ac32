package io.catalog.workflows.rebuild;

/**
 * @param alias the search alias
 * @param from where the alias points now
 * @param to where it will point
 */
public record RollbackPlan(String alias, String from, String to) {}
