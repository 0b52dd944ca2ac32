package io.catalog.domain.outbox;

import java.time.Duration;

/**
 * How a row that fails by its own fault (too large, not serialisable, not authorised) is retried:
 * after {@code baseBackoff}, doubling per attempt up to {@code maxBackoff}, until {@code
 * maxAttempts} failed sends make it FAILED. {@link OutboxPublishDao#recordAttemptFailure} binds
 * {@code maxAttempts} and the two backoffs in seconds by name.
 *
 * @param maxAttempts failed sends (of the record's own fault) before a row becomes FAILED
 * @param baseBackoff wait before the 2nd attempt
 */
public record RetryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff) {

  public double baseBackoffSeconds() {
    return baseBackoff.toMillis() / 1000.0;
  }

  public double maxBackoffSeconds() {
    return maxBackoff.toMillis() / 1000.0;
  }
}
