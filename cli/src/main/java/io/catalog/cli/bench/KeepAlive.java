package io.catalog.cli.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 connection: one socket, requests one after another (keep-alive),
 * blocking, no pooling and no futures, in the manner of {@code wrk}. A load generator has to cost
 * far less than the server it measures on the same cores; this one does a request with two writes,
 * one read loop and no allocation beyond the buffers. It understands what the API sends:
 * Content-Length or chunked bodies and {@code Connection: close}. Not thread-safe: one per thread.
 */
final class KeepAlive implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int READ_TIMEOUT_MS = 30_000;

  record Response(int status, String body) {}

  private Socket socket;
  private InputStream in;
  private OutputStream out;

  Response post(URI uri, byte[] json) throws IOException {
    boolean fresh = socket == null;
    try {
      return send(uri, json);
    } catch (IOException e) {
      close();
      if (fresh) {
        throw e;
      }
      // The server closed an idle kept-alive connection between two requests: one retry on a new
      // one.
      return send(uri, json);
    }
  }

  private Response send(URI uri, byte[] json) throws IOException {
    if (socket == null) {
      open(uri);
    }
    String head =
        "POST "
            + uri.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + uri.getHost()
            + ":"
            + uri.getPort()
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + json.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(json);
    out.flush();
    return read();
  }

  private void open(URI uri) throws IOException {
    Socket s = new Socket();
    s.setTcpNoDelay(true);
    s.setSoTimeout(READ_TIMEOUT_MS);
    s.connect(
        new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort()),
        CONNECT_TIMEOUT_MS);
    socket = s;
    in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
    out = new BufferedOutputStream(s.getOutputStream(), 4 * 1024);
  }

  private Response read() throws IOException {
    String status = line();
    if (!status.startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP response: " + status);
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = -1;
    boolean chunked = false;
    boolean closing = false;
    for (String h = line(); !h.isEmpty(); h = line()) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closing = value.equalsIgnoreCase("close");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    if (chunked) {
      for (long size = chunkSize(); size > 0; size = chunkSize()) {
        copy(size, body);
        line();
      }
      for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
        // Trailers: none expected, skipped.
      }
    } else if (length >= 0) {
      copy(length, body);
    } else {
      in.transferTo(body);
      closing = true;
    }
    if (closing) {
      close();
    }
    return new Response(code, body.toString(StandardCharsets.UTF_8));
  }

  private long chunkSize() throws IOException {
    String l = line();
    int semi = l.indexOf(';');
    return Long.parseLong((semi < 0 ? l : l.substring(0, semi)).trim(), 16);
  }

  private void copy(long n, ByteArrayOutputStream to) throws IOException {
    byte[] buf = new byte[(int) Math.min(n, 8192)];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(n, buf.length));
      if (r < 0) {
        throw new EOFException("connection closed inside a response body");
      }
      to.write(buf, 0, r);
      n -= r;
    }
  }

  /** One header line without its CRLF. */
  private String line() throws IOException {
    StringBuilder b = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed before the response ended");
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Closing a connection that is being dropped anyway.
      }
      socket = null;
      in = null;
      out = null;
    }
  }
}
