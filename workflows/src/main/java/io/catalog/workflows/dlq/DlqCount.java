package io.catalog.workflows.dlq;

/** Entries of one error class in one status. */
public record DlqCount(String errorClass, String status, long count) {}
