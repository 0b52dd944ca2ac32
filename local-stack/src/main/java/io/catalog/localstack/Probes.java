package io.catalog.localstack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/** Cheap "does it answer?" checks, one per protocol. None of them waits. */
public final class Probes {

  private static final int CONNECT_TIMEOUT_MS = 500;
  private static final int READ_TIMEOUT_MS = 3000;
  private static final Pattern ES_USABLE = Pattern.compile("\"status\"\\s*:\\s*\"(green|yellow)\"");
  private static final short KAFKA_API_VERSIONS = 18;
  private static final short KAFKA_UNSUPPORTED_VERSION = 35;
  private static final int KAFKA_CORRELATION_ID = 0x10ca1;

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS))
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private Probes() {}

  static InetAddress loopback() {
    try {
      return InetAddress.getByName(StackConfig.HOST);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean portOpen(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(loopback(), port), CONNECT_TIMEOUT_MS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Logs in as the platform user and runs {@code select 1}. */
  static boolean postgres(int port) {
    if (!portOpen(port)) {
      return false;
    }
    Properties props = new Properties();
    props.setProperty("user", StackConfig.DATABASE);
    props.setProperty("password", StackConfig.DATABASE);
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    props.setProperty("socketTimeout", "5");
    String url = "jdbc:postgresql://" + StackConfig.HOST + ":" + port + "/" + StackConfig.DATABASE;
    try (Connection connection = new org.postgresql.Driver().connect(url, props);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("select 1")) {
      return rows.next() && rows.getInt(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * Sends a Kafka ApiVersions request (v0, the one every broker answers, if only with
   * UNSUPPORTED_VERSION) and expects the matching response. A KRaft broker processes requests only
   * once it has caught up with the metadata log and is unfenced, so an answer means ready; an open
   * port alone does not. Avoids kafka-clients in this module's runtime.
   */
  static boolean kafka(int port) {
    byte[] clientId = "local-stack-probe".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(loopback(), port), CONNECT_TIMEOUT_MS);
      socket.setSoTimeout(READ_TIMEOUT_MS);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(2 + 2 + 4 + 2 + clientId.length);
      out.writeShort(KAFKA_API_VERSIONS);
      out.writeShort(0);
      out.writeInt(KAFKA_CORRELATION_ID);
      out.writeShort(clientId.length);
      out.write(clientId);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int size = in.readInt();
      int correlationId = in.readInt();
      short error = in.readShort();
      return size >= 6
          && correlationId == KAFKA_CORRELATION_ID
          && (error == 0 || error == KAFKA_UNSUPPORTED_VERSION);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code GET /_cluster/health} says yellow or green ({@code GET /} answers 405 in this build).
   */
  static boolean elasticsearch(int port) {
    String url = "http://" + StackConfig.HOST + ":" + port + "/_cluster/health?timeout=1s";
    try {
      HttpResponse<String> response = get(url);
      return response.statusCode() == 200 && ES_USABLE.matcher(response.body()).find();
    } catch (IOException e) {
      return false;
    }
  }

  /** Any HTTP answer at all (the Temporal UI serves its single-page app on {@code /}). */
  static boolean httpAnswers(int port) {
    try {
      return get("http://" + StackConfig.HOST + ":" + port + "/").statusCode() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code GET url} answers 200 within {@code timeout}: a platform process's {@code /health} (the
   * API's and the workers' checks are bounded to 4 s each, so give them more than that).
   */
  public static boolean ok(String url, Duration timeout) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static HttpResponse<String> get(String url) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMillis(READ_TIMEOUT_MS))
            .GET()
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
