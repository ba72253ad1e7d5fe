package io.darkroom.local;

import com.sun.net.httpserver.HttpServer;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.Color;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The import scenario of the fault suite: a CSV import started just before each fault, its photos
 * served on 127.0.0.1, so that every fault meets an import mid-batch. At the end each import must
 * have completed exactly once: one {@code import.completed} recorded (and delivered) for the
 * owner's webhook, counts that add up to its distinct URLs.
 */
final class FaultImports implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final int PHOTOS = 12;
  private static final int ROWS = 8;

  /** One import as the account found it. */
  record Account(
      String fault,
      String id,
      int distinctUrls,
      String finalStatus,
      int succeeded,
      int failed,
      int completionsRecorded,
      int completionsDelivered) {
    boolean exact() {
      return finalStatus != null
          && succeeded + failed == distinctUrls
          && completionsRecorded == 1
          && completionsDelivered >= 1;
    }
  }

  private final Path folder;
  private final PhotoServer photos;
  private final HttpServer receiver;
  private final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
  private final TestHttp http;
  private final Map<String, String> started = new LinkedHashMap<>();
  private int next;

  FaultImports(URI api) throws IOException {
    folder = Files.createTempDirectory("darkroom-fault-photos");
    for (int i = 0; i < PHOTOS; i++) {
      Color color = Color.getHSBColor(i / (float) PHOTOS, 0.8f, 0.9f);
      Files.write(folder.resolve("p" + i + ".jpg"), TestImages.jpeg(640, 480, color));
    }
    photos = PhotoServer.serve(folder);
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode event = JSON.readValue(exchange.getRequestBody().readAllBytes(), JsonNode.class);
          delivered
              .computeIfAbsent(
                  event.get("data").get("id").getStringValue(), id -> new AtomicInteger())
              .incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    http = new TestHttp(api);
    HttpResponse<String> hook =
        http.postJson(
            "/api/v1/webhooks",
            "{\"url\":\"http://127.0.0.1:"
                + receiver.getAddress().getPort()
                + "/hook\",\"events\":[\"import.completed\"]}");
    if (hook.statusCode() != 201) {
      throw new IllegalStateException("webhook not registered: " + hook.body());
    }
  }

  /** Starts an import of {@value #ROWS} rows, two URLs each, fresh URLs for this fault. */
  void startBefore(String fault) {
    int batch = next++;
    StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
    for (int row = 0; row < ROWS; row++) {
      csv.append(row + 1).append(",Product ").append(row);
      for (int k = 0; k < 2; k++) {
        int photo = (row * 2 + k) % PHOTOS;
        csv.append(',')
            .append(photos.base())
            .append("/p")
            .append(photo)
            .append(".jpg?batch=")
            .append(batch)
            .append('-')
            .append(row)
            .append('-')
            .append(k);
      }
      csv.append('\n');
    }
    HttpResponse<String> created =
        http.postMultipart(
            "/api/v1/imports",
            TestHttp.Part.file(
                "batch.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
    if (created.statusCode() != 202) {
      throw new IllegalStateException(
          "import not accepted before " + fault + ": " + created.body());
    }
    try {
      started.put(fault, JSON.readValue(created.body(), JsonNode.class).get("id").getStringValue());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether every import started has completed (read from the database). */
  boolean allCompleted(Connection c) throws Exception {
    try (PreparedStatement s =
        c.prepareStatement("SELECT count(*) FROM imports WHERE completed_at IS NULL")) {
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1) == 0;
      }
    }
  }

  /** Each import as it ended, from the database and the receiver. */
  List<Account> account(Connection c) throws Exception {
    List<Account> accounts = new ArrayList<>();
    for (Map.Entry<String, String> entry : started.entrySet()) {
      String id = entry.getValue();
      try (PreparedStatement s =
          c.prepareStatement(
              "SELECT distinct_urls, final_status, coalesce(succeeded, 0), coalesce(failed, 0),"
                  + " (SELECT count(*) FROM webhook_messages m WHERE m.event_type ="
                  + " 'import.completed' AND m.payload LIKE '%' || CAST(i.id AS text) || '%')"
                  + " FROM imports i WHERE i.id = CAST(? AS uuid)")) {
        s.setString(1, id);
        try (ResultSet r = s.executeQuery()) {
          r.next();
          AtomicInteger deliveries = delivered.get(id);
          accounts.add(
              new Account(
                  entry.getKey(),
                  id,
                  r.getInt(1),
                  r.getString(2),
                  r.getInt(3),
                  r.getInt(4),
                  r.getInt(5),
                  deliveries == null ? 0 : deliveries.get()));
        }
      }
    }
    return accounts;
  }

  static String table(List<Account> accounts) {
    StringBuilder out =
        new StringBuilder(
            "| import started before | images | status | succeeded | failed | import.completed"
                + " recorded | delivered |\n|---|---:|---|---:|---:|---:|---:|\n");
    for (Account a : accounts) {
      out.append(
          String.format(
              "| %s | %d | %s | %d | %d | %d | %d |%n",
              a.fault(),
              a.distinctUrls(),
              a.finalStatus() == null ? "NOT COMPLETED" : a.finalStatus(),
              a.succeeded(),
              a.failed(),
              a.completionsRecorded(),
              a.completionsDelivered()));
    }
    return out.toString();
  }

  @Override
  public void close() throws IOException {
    photos.close();
    receiver.stop(0);
    try (var files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
    }
    Files.deleteIfExists(folder);
  }
}
