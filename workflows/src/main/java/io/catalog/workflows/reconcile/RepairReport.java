package io.catalog.workflows.reconcile;

/**
 * @param repaired documents rewritten from their rows or removed
 * @param superseded products a newer write reached first (its version won): nothing left to do
 */
public record RepairReport(long repaired, long superseded) {}
