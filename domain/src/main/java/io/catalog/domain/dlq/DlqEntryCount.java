package io.catalog.domain.dlq;

/** How many {@code dlq_entries} of one class have one status ({@link DlqEntryDao#counts()}). */
public record DlqEntryCount(String errorClass, String status, long count) {}
