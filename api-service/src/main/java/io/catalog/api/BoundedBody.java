package io.catalog.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** A request body read whole, up to a hard limit: one byte past it is a 413 problem. */
public final class BoundedBody {
  /**
   * What a product's body, or an ops request's, fits in. {@code InputStream.readNBytes} starts
   * every read with an 8 KB buffer and copies it out: 8.5 KB allocated for a body of 300 bytes, the
   * largest allocation of a create in the API's profile (docs/benchmarks.md, "Checkpoints by the
   * clock").
   */
  public static final int FIRST_BUFFER = 1024;

  private BoundedBody() {}

  /** The whole body, at most {@code max} bytes (413 beyond). */
  public static byte[] read(InputStream in, int max) {
    try {
      byte[] buffer = new byte[Math.min(FIRST_BUFFER, max + 1)];
      int length = 0;
      for (int n; (n = in.read(buffer, length, buffer.length - length)) >= 0; ) {
        length += n;
        if (length > max) {
          throw Problems.of(
              413, "request body too large", "$", "must be at most " + max + " bytes");
        }
        if (length == buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 4, max + 1));
        }
      }
      return Arrays.copyOf(buffer, length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
