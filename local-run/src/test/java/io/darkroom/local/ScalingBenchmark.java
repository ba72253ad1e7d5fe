package io.darkroom.local;

import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The api side of the scaling table (docs/scaling.md), on demand (benchmarks/scaling.sh), never in
 * the test suite. The local product with no worker (what is measured is the api, the database and
 * the relay) takes, for a fixed window each, closed-loop direct uploads and presigned registrations
 * (upload-url, PUT to storage, process) from 16 connections, and reports uploads per second, the
 * api's CPU per upload (so uploads per second per core) and the database's writes per upload
 * (pg_stat_database). Then it fills the outbox with commands and times the relay draining it: the
 * most commands per second one api publishes. Arguments: corpus folder, output dir.
 */
public final class ScalingBenchmark {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final int CONNECTIONS = 16;
  private static final int WINDOW_SECONDS = 20;
  private static final int OUTBOX_ROWS = 20_000;

  private ScalingBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home", ".")).toAbsolutePath();
    Path corpus = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    List<byte[]> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
        if (Files.size(p) < 2_000_000) {
          photos.add(Files.readAllBytes(p));
        }
      }
    }
    PrintStream report = System.out;
    report.printf(
        "%d JPEGs (mean %.0f KB), %d connections, %d s windows, no worker%n",
        photos.size(),
        photos.stream().mapToInt(b -> b.length).average().orElse(0) / 1024,
        CONNECTIONS,
        WINDOW_SECONDS);
    try (PrintStream quiet = new PrintStream(Files.newOutputStream(out.resolve("product.log")));
        LocalProduct product =
            LocalProduct.start(
                new LocalProduct.Options(
                    home,
                    home.resolve("local-run/target/scaling-bench"),
                    false,
                    0,
                    0,
                    0,
                    0,
                    0,
                    6,
                    LocalProduct.APP_JVM_OPTIONS,
                    Map.of()),
                quiet)) {
      long apiPid = product.api().orElseThrow().pid();
      URI api = product.apiUri();
      // warm-up, unreported: class loading and JIT are not the steady cost
      window(api, photos, false, 5, apiPid, product.stack(), null);
      window(api, photos, true, 5, apiPid, product.stack(), null);
      report.printf(
          "%-26s %9s %10s %14s %16s %14s %14s%n",
          "flow",
          "uploads",
          "per s",
          "api CPU ms/up",
          "per s per core",
          "DB commits/up",
          "DB rows/up");
      window(api, photos, false, WINDOW_SECONDS, apiPid, product.stack(), report);
      window(api, photos, true, WINDOW_SECONDS, apiPid, product.stack(), report);
      relay(product.stack(), apiPid, report);
    }
  }

  private static void window(
      URI api,
      List<byte[]> photos,
      boolean presigned,
      int seconds,
      long apiPid,
      EmbeddedStack stack,
      PrintStream report)
      throws Exception {
    long[] dbBefore = dbStats(stack);
    double cpuBefore = ProcessCpu.seconds(apiPid);
    long started = System.nanoTime();
    long deadline = started + TimeUnit.SECONDS.toNanos(seconds);
    AtomicInteger done = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CONNECTIONS);
    List<Future<?>> loops = new ArrayList<>();
    for (int c = 0; c < CONNECTIONS; c++) {
      int first = c;
      loops.add(
          pool.submit(
              () -> {
                TestHttp http = new TestHttp(api);
                HttpClient storage = HttpClient.newHttpClient();
                int i = first;
                while (System.nanoTime() < deadline) {
                  byte[] photo = photos.get(i++ % photos.size());
                  boolean ok = presigned ? presigned(http, storage, photo) : direct(http, photo);
                  (ok ? done : errors).incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> loop : loops) {
      loop.get();
    }
    pool.shutdown();
    double elapsed = (System.nanoTime() - started) / 1e9;
    double cpuMs = (ProcessCpu.seconds(apiPid) - cpuBefore) * 1000;
    long[] dbAfter = dbStats(stack);
    if (report == null) {
      return;
    }
    int n = done.get();
    double perUpload = cpuMs / n;
    report.printf(
        "%-26s %9d %10.1f %14.2f %16.0f %14.2f %14.2f%s%n",
        presigned ? "presigned (url+PUT+process)" : "direct (multipart POST)",
        n,
        n / elapsed,
        perUpload,
        1000 / perUpload,
        (dbAfter[0] - dbBefore[0]) / (double) n,
        (dbAfter[1] - dbBefore[1]) / (double) n,
        errors.get() == 0 ? "" : "   (" + errors.get() + " errors)");
  }

  private static boolean direct(TestHttp http, byte[] photo) {
    return http.postMultipart(
                "/api/v1/images/actions/upload", Part.file("p.jpg", "image/jpeg", photo))
            .statusCode()
        == 202;
  }

  private static boolean presigned(TestHttp http, HttpClient storage, byte[] photo) {
    try {
      HttpResponse<String> url =
          http.get("/api/v1/images/actions/upload-url?extension=jpg&size=" + photo.length);
      if (url.statusCode() != 200) {
        return false;
      }
      JsonNode body = JSON.readValue(url.body(), JsonNode.class);
      HttpResponse<Void> put =
          storage.send(
              HttpRequest.newBuilder(URI.create(body.get("presignedUrl").getStringValue()))
                  .header("Content-Type", "image/jpeg")
                  .PUT(HttpRequest.BodyPublishers.ofByteArray(photo))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (put.statusCode() != 200) {
        return false;
      }
      return http.postJson(
                  "/api/v1/images/actions/process",
                  "{\"uuid\":\"" + body.get("uuid").getStringValue() + "\",\"filename\":\"p.jpg\"}")
              .statusCode()
          == 202;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Fills the outbox with 900-byte commands (a real command's size; no worker runs to read them) in
   * one statement, then times the relay emptying it.
   */
  private static void relay(EmbeddedStack stack, long apiPid, PrintStream report) throws Exception {
    try (Connection c = connect(stack)) {
      awaitEmptyOutbox(c, 60);
      double cpuBefore = ProcessCpu.seconds(apiPid);
      long started;
      try (PreparedStatement fill =
          c.prepareStatement(
              "INSERT INTO outbox_messages (topic, message_key, payload, created_at)"
                  + " SELECT 'image-commands.v1', md5(g::text),"
                  + " repeat('x', 900), now() FROM generate_series(1, ?) g")) {
        fill.setInt(1, OUTBOX_ROWS);
        fill.executeUpdate();
      }
      started = System.nanoTime();
      double seconds = awaitEmptyOutbox(c, 600);
      double cpuMs = (ProcessCpu.seconds(apiPid) - cpuBefore) * 1000;
      report.printf(
          "relay: %d commands of 900 bytes published in %.1f s = %.0f commands/s, api CPU %.3f"
              + " ms per command%n",
          OUTBOX_ROWS, seconds, OUTBOX_ROWS / seconds, cpuMs / OUTBOX_ROWS);
    }
  }

  /** Seconds until the outbox is empty, polled every 100 ms. */
  private static double awaitEmptyOutbox(Connection c, int timeoutSeconds) throws Exception {
    long started = System.nanoTime();
    while (true) {
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM outbox_messages")) {
        r.next();
        if (r.getLong(1) == 0) {
          return (System.nanoTime() - started) / 1e9;
        }
      }
      if (System.nanoTime() - started > TimeUnit.SECONDS.toNanos(timeoutSeconds)) {
        throw new IllegalStateException("the outbox did not empty in " + timeoutSeconds + " s");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /** Commits and rows written (inserted, updated, deleted) in the product's database so far. */
  private static long[] dbStats(EmbeddedStack stack) throws Exception {
    try (Connection c = connect(stack);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT sum(xact_commit), sum(tup_inserted + tup_updated + tup_deleted)"
                    + " FROM pg_stat_database WHERE datname = current_database()")) {
      r.next();
      return new long[] {r.getLong(1), r.getLong(2)};
    }
  }

  private static Connection connect(EmbeddedStack stack) throws Exception {
    return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
  }
}
