package io.catalog.workers.outbox;

/**
 * Heartbeat details of the publish activity: what it did so far. A retried attempt starts from
 * them, so the summary the workflow gets covers the whole activity, earlier attempts included.
 */
public record PublishProgress(
    long published, long sendFailures, long newlyFailed, int batches, String lastError) {
  static final PublishProgress NONE = new PublishProgress(0, 0, 0, 0, null);

  PublishProgress add(OutboxPublisher.BatchResult r) {
    return new PublishProgress(
        published + r.published(),
        sendFailures + r.sendFailures(),
        newlyFailed + r.newlyFailed(),
        batches + 1,
        r.lastError() != null ? r.lastError() : lastError);
  }
}
