package io.catalog.workflows.dlq;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The triage activities over an in-memory dead-letter topic: {@link #ingest} hands out the records
 * queued with {@link #arrive} (advancing the position by one per record), replay and discard are
 * recorded and count every PARKED entry of the filter's class as done.
 */
final class ScriptedTriageActivities implements DlqTriageActivities {
  record Parked(long offset, String errorClass) {}

  final BlockingQueue<Parked> arriving = new LinkedBlockingQueue<>();
  final List<Parked> parked = new CopyOnWriteArrayList<>();
  final List<DlqIngestRequest> ingests = new CopyOnWriteArrayList<>();
  final List<DlqFilter> replays = new CopyOnWriteArrayList<>();
  final List<DlqFilter> discards = new CopyOnWriteArrayList<>();
  private long offset;

  synchronized void arrive(String... classes) {
    for (String c : classes) {
      arriving.add(new Parked(offset++, c));
    }
  }

  @Override
  public DlqIngestResult ingest(DlqIngestRequest request) {
    ingests.add(request);
    long at = request.positions().getOrDefault(0, 0L);
    long read = 0;
    for (Parked p; read < request.maxRecords() && (p = arriving.poll()) != null; read++) {
      parked.add(p);
      at = p.offset() + 1;
    }
    SortedMap<Integer, Long> positions = new TreeMap<>(request.positions());
    positions.put(0, at);
    return new DlqIngestResult(positions, read, read, summary());
  }

  @Override
  public DlqActionResult replay(DlqFilter filter) {
    replays.add(filter);
    return act(DlqAction.REPLAY, filter);
  }

  @Override
  public DlqActionResult discard(DlqFilter filter) {
    discards.add(filter);
    if ("bad".equals(filter.from())) {
      throw new IllegalArgumentException("from must be an ISO-8601 time");
    }
    return act(DlqAction.DISCARD, filter);
  }

  private DlqActionResult act(String action, DlqFilter filter) {
    List<Parked> matched =
        parked.stream()
            .filter(p -> filter.errorClass() == null || filter.errorClass().equals(p.errorClass()))
            .toList();
    parked.removeAll(matched);
    return new DlqActionResult(
        action,
        filter.describe(),
        false,
        matched.size(),
        matched.size(),
        0,
        matched.stream().map(Parked::offset).toList(),
        null,
        0,
        List.of());
  }

  @Override
  public DlqSummary summary() {
    return new DlqSummary(
        parked.size(),
        parked.size(),
        0,
        0,
        List.of(),
        parked.isEmpty() ? null : "2026-01-10T12:00:45Z");
  }
}
