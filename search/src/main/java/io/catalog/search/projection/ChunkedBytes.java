package io.catalog.search.projection;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * Bytes written in fixed chunks, read back as one stream: a {@code _bulk} body of a thousand
 * documents is half a megabyte or more, and grown and copied as one array it was a humongous object
 * to G1 at the workers' heap (a region of 1 MB takes objects up to half of it). Every such
 * allocation starts a concurrent marking cycle: 43 in one W3 run of the bench, with 60 MB live in a
 * 512 MB heap (docs/benchmarks.md, "Humongous bodies").
 */
final class ChunkedBytes extends OutputStream {
  /** Well below half of G1's smallest region. */
  static final int CHUNK = 32 * 1024;

  private final List<byte[]> full = new ArrayList<>();
  private byte[] current = new byte[CHUNK];
  private int used;

  @Override
  public void write(int b) {
    if (used == CHUNK) {
      next();
    }
    current[used++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      if (used == CHUNK) {
        next();
      }
      int n = Math.min(len, CHUNK - used);
      System.arraycopy(b, off, current, used, n);
      used += n;
      off += n;
      len -= n;
    }
  }

  private void next() {
    full.add(current);
    current = new byte[CHUNK];
    used = 0;
  }

  long size() {
    return (long) full.size() * CHUNK + used;
  }

  /** A new stream over every byte written so far. */
  InputStream read() {
    List<InputStream> parts = new ArrayList<>(full.size() + 1);
    for (byte[] chunk : full) {
      parts.add(new ByteArrayInputStream(chunk));
    }
    parts.add(new ByteArrayInputStream(current, 0, used));
    return new SequenceInputStream(Collections.enumeration(parts));
  }

  /** Every byte written so far, in one array (for tests and callers that need one). */
  byte[] toByteArray() {
    byte[] out = new byte[Math.toIntExact(size())];
    int at = 0;
    for (byte[] chunk : full) {
      System.arraycopy(chunk, 0, out, at, CHUNK);
      at += CHUNK;
    }
    System.arraycopy(current, 0, out, at, used);
    return out;
  }

  /** The bytes as a request entity of {@code type} that streams the chunks, never copying them. */
  AbstractHttpEntity entity(ContentType type) {
    return new AbstractHttpEntity(type, null) {
      @Override
      public InputStream getContent() {
        return read();
      }

      @Override
      public long getContentLength() {
        return size();
      }

      @Override
      public boolean isRepeatable() {
        return true;
      }

      @Override
      public boolean isStreaming() {
        return false;
      }

      @Override
      public void close() {}
    };
  }
}
