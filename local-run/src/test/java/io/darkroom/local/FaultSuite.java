package io.darkroom.local;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.minio.ListObjectsArgs;
import io.minio.Result;
import io.minio.messages.Item;
import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Faults injected into the running local product while steady upload traffic flows, then an exact
 * account once the traffic stopped and the system drained: every upload the api accepted ends
 * succeeded, or failed with a code; nothing is stuck; storage holds no object without its row and
 * no succeeded row misses its objects; no image had a success applied twice.
 *
 * <p>The short form runs in {@code mvn verify} ({@link FaultSuiteIT}); the long form, with outages
 * far past every retry window, is {@code benchmarks/faults.sh}.
 */
final class FaultSuite {
  /** How long each fault lasts, and how much quiet traffic runs between faults. */
  record Timings(Duration between, Duration workerPause, Duration databaseOutage, Duration outage) {
    static Timings shortForm() {
      return new Timings(
          Duration.ofSeconds(6),
          Duration.ofSeconds(25),
          Duration.ofSeconds(40),
          Duration.ofSeconds(12));
    }

    static Timings longForm() {
      return new Timings(
          Duration.ofSeconds(30),
          Duration.ofMinutes(12),
          Duration.ofMinutes(15),
          Duration.ofMinutes(3));
    }
  }

  /** One line of the table. */
  record Row(
      String fault,
      int accepted,
      int succeeded,
      Map<String, Integer> failedByCode,
      int lost,
      int orphans,
      Duration recovery) {}

  /** What the whole run showed. */
  record Report(
      List<Row> rows,
      long refused,
      int orphanObjects,
      int rowsMissingObjects,
      int successesAppliedTwice,
      List<String> lostIds,
      List<FaultImports.Account> imports) {

    Report withImports(List<FaultImports.Account> accounts) {
      return new Report(
          rows,
          refused,
          orphanObjects,
          rowsMissingObjects,
          successesAppliedTwice,
          lostIds,
          accounts);
    }

    String table() {
      StringBuilder out = new StringBuilder();
      out.append(
          "| fault | uploads accepted | succeeded | failed (by code) | lost | orphan objects | time to"
              + " recover |\n|---|---:|---:|---|---:|---:|---:|\n");
      for (Row row : rows) {
        out.append(
            String.format(
                "| %s | %d | %d | %s | %d | %d | %s |%n",
                row.fault(),
                row.accepted(),
                row.succeeded(),
                row.failedByCode().isEmpty()
                    ? "0"
                    : row.failedByCode().entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")),
                row.lost(),
                row.orphans(),
                row.recovery() == null ? "-" : (row.recovery().toMillis() / 100) / 10.0 + " s"));
      }
      out.append(
          String.format(
              "%nrefused (not accepted, not counted): %d; objects without a row: %d; succeeded rows"
                  + " missing objects: %d; successes applied twice: %d%n",
              refused, orphanObjects, rowsMissingObjects, successesAppliedTwice));
      out.append("\n").append(FaultImports.table(imports));
      return out.toString();
    }
  }

  private interface Fault {
    void inject() throws Exception;

    void recover() throws Exception;
  }

  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final LocalProduct product;
  private final Timings timings;
  private final AppliedOutcomes applied;
  private final HttpClient http = HttpClient.newHttpClient();

  FaultSuite(LocalProduct product, Timings timings, AppliedOutcomes applied) {
    this.product = product;
    this.timings = timings;
    this.applied = applied;
  }

  Report run(double uploadsPerSecond, Duration drainWithin) throws Exception {
    EmbeddedStack stack = product.stack();
    Map<String, Fault> faults = new LinkedHashMap<>();
    faults.put("none (baseline)", nothing());
    faults.put(
        "kill -9 a worker mid-image",
        instant(() -> product.worker("worker-1").orElseThrow().kill()));
    faults.put("kill -9 the api mid-upload", instant(() -> product.api().orElseThrow().kill()));
    faults.put(
        "PostgreSQL stopped " + seconds(timings.databaseOutage()),
        held(timings.databaseOutage(), stack.postgres()::stop, stack.postgres()::start));
    faults.put(
        "Kafka stopped " + seconds(timings.outage()),
        held(timings.outage(), stack.kafkaBroker()::stop, stack.kafkaBroker()::start));
    faults.put(
        "S3 server stopped " + seconds(timings.outage()),
        held(timings.outage(), stack.s3Server()::stop, stack.s3Server()::start));
    long[] paused = {0};
    faults.put(
        "worker paused (SIGSTOP) " + seconds(timings.workerPause()),
        held(
            timings.workerPause(),
            () -> {
              paused[0] = product.worker("worker-1").orElseThrow().pid();
              signal("STOP", paused[0]);
            },
            () -> signal("CONT", paused[0])));

    Map<String, Instant[]> windows = new LinkedHashMap<>();
    Map<String, Duration> recovery = new HashMap<>();
    try (FaultTraffic traffic = new FaultTraffic(product.apiUri(), 3, uploadsPerSecond);
        FaultImports imports = new FaultImports(product.apiUri())) {
      for (Map.Entry<String, Fault> fault : faults.entrySet()) {
        Instant start = Instant.now();
        imports.startBefore(fault.getKey());
        fault.getValue().inject();
        fault.getValue().recover();
        Instant recovered = Instant.now();
        recovery.put(fault.getKey(), timeUntilAnUploadSucceeds(Duration.ofMinutes(5)));
        TimeUnit.MILLISECONDS.sleep(timings.between().toMillis());
        windows.put(fault.getKey(), new Instant[] {start, Instant.now()});
        System.out.println(
            "fault suite: "
                + fault.getKey()
                + " done, recovered "
                + recovered
                + ", "
                + traffic.accepted().size()
                + " accepted so far");
      }
      traffic.close();
      Report report = account(traffic, windows, recovery, drainWithin);
      return report.withImports(accountImports(imports, drainWithin));
    }
  }

  private Report account(
      FaultTraffic traffic,
      Map<String, Instant[]> windows,
      Map<String, Duration> recovery,
      Duration drainWithin)
      throws Exception {
    List<FaultTraffic.Accepted> accepted = traffic.accepted();
    Map<String, String[]> finals = awaitFinal(accepted, drainWithin);
    Map<String, Instant> orphans = awaitNoOrphans(drainWithin);
    int missing = rowsMissingObjects();
    List<Row> rows = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    for (Map.Entry<String, Instant[]> window : windows.entrySet()) {
      Instant from = window.getValue()[0];
      Instant to = window.getValue()[1];
      int count = 0;
      int succeeded = 0;
      int lostHere = 0;
      Map<String, Integer> failed = new TreeMap<>();
      for (FaultTraffic.Accepted upload : accepted) {
        if (upload.at().isBefore(from) || !upload.at().isBefore(to)) {
          continue;
        }
        count++;
        String[] state = finals.get(upload.id());
        if (state != null && state[0].equals("succeeded")) {
          succeeded++;
        } else if (state != null && state[0].equals("failed") && state[1] != null) {
          failed.merge(state[1], 1, Integer::sum);
        } else {
          lostHere++;
          lost.add(
              upload.id()
                  + " ("
                  + upload.kind()
                  + ", "
                  + (state == null ? "no row" : state[0])
                  + ")");
        }
      }
      int orphansHere =
          (int)
              orphans.values().stream()
                  .filter(at -> !at.isBefore(from.minusSeconds(1)) && at.isBefore(to))
                  .count();
      rows.add(
          new Row(
              window.getKey(),
              count,
              succeeded,
              failed,
              lostHere,
              orphansHere,
              recovery.get(window.getKey())));
    }
    return new Report(
        rows,
        traffic.refused(),
        orphans.size(),
        missing,
        applied.successesAppliedTwice(),
        lost,
        List.of());
  }

  /** Every import started, once all have completed (or the drain ran out). */
  private List<FaultImports.Account> accountImports(FaultImports imports, Duration within)
      throws Exception {
    try {
      Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              () -> {
                try (Connection c = connect()) {
                  return imports.allCompleted(c);
                }
              });
    } catch (ConditionTimeoutException stuck) {
      // what has not completed is reported as such
    }
    // a completion's webhook is delivered a moment after it is recorded
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions()
          .until(
              () -> {
                try (Connection c = connect()) {
                  return imports.account(c).stream().allMatch(FaultImports.Account::exact);
                }
              });
    } catch (ConditionTimeoutException notAll) {
      // the account says which
    }
    try (Connection c = connect()) {
      return imports.account(c);
    }
  }

  /** Each accepted image's final status and failure code, once none is pending or processing. */
  private Map<String, String[]> awaitFinal(List<FaultTraffic.Accepted> accepted, Duration within) {
    try {
      return Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(
              this::states,
              states ->
                  accepted.stream()
                      .allMatch(
                          a -> {
                            String[] s = states.get(a.id());
                            return s != null && (s[0].equals("succeeded") || s[0].equals("failed"));
                          }));
    } catch (ConditionTimeoutException stuck) {
      try {
        return states(); // what is not final now is counted as lost
      } catch (Exception e) {
        throw new IllegalStateException("the database did not answer after the drain", e);
      }
    }
  }

  /** Objects without a row, once the product's own reconciliation had its chance to remove them. */
  private Map<String, Instant> awaitNoOrphans(Duration within) throws Exception {
    try {
      return Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofSeconds(2))
          .ignoreExceptions()
          .until(this::orphanObjects, Map::isEmpty);
    } catch (ConditionTimeoutException left) {
      return orphanObjects();
    }
  }

  private Map<String, String[]> states() throws Exception {
    Map<String, String[]> states = new HashMap<>();
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT id::text, status, failure_code FROM images")) {
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          states.put(r.getString(1), new String[] {r.getString(2), r.getString(3)});
        }
      }
    }
    return states;
  }

  /** Objects under an image prefix whose image has no row, with when they were written. */
  private Map<String, Instant> orphanObjects() throws Exception {
    Set<String> rows = new HashSet<>();
    try (Connection c = connect();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT id::text FROM images UNION SELECT image_id::text FROM deleted_images")) {
      while (r.next()) {
        rows.add(r.getString(1));
      }
    }
    Map<String, Instant> orphans = new HashMap<>();
    for (String bucket : List.of(EmbeddedStack.UPLOADS_BUCKET, EmbeddedStack.PROCESSED_BUCKET)) {
      for (Result<Item> result :
          product
              .stack()
              .s3Client()
              .listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
        Item item = result.get();
        var id = ObjectKeys.imageIdOf(item.objectName());
        if (id.isPresent() && !rows.contains(id.get().toString())) {
          orphans.put(bucket + "/" + item.objectName(), item.lastModified().toInstant());
        }
      }
    }
    return orphans;
  }

  /** Succeeded images whose original or a rendition is not in storage. */
  private int rowsMissingObjects() throws Exception {
    Set<String> stored = new HashSet<>();
    for (String bucket : List.of(EmbeddedStack.UPLOADS_BUCKET, EmbeddedStack.PROCESSED_BUCKET)) {
      for (Result<Item> result :
          product
              .stack()
              .s3Client()
              .listObjects(ListObjectsArgs.builder().bucket(bucket).recursive(true).build())) {
        stored.add(bucket + "/" + result.get().objectName());
      }
    }
    int missing = 0;
    try (Connection c = connect();
        ResultSet r =
            c.createStatement()
                .executeQuery(
                    "SELECT original_key, coalesce((SELECT array_agg((x->>'bucket') || '/' ||"
                        + " (x->>'key')) FROM jsonb_array_elements(renditions) x), '{}') FROM"
                        + " images WHERE status = 'succeeded'")) {
      while (r.next()) {
        boolean complete = stored.contains(EmbeddedStack.UPLOADS_BUCKET + "/" + r.getString(1));
        for (String key : (String[]) r.getArray(2).getArray()) {
          complete &= stored.contains(key);
        }
        if (!complete) {
          missing++;
        }
      }
    }
    return missing;
  }

  /** From now until a new direct upload has succeeded end to end; null if not within. */
  private Duration timeUntilAnUploadSucceeds(Duration within) {
    long start = System.nanoTime();
    Probe probe = new Probe();
    try {
      Awaitility.await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(250))
          .until(probe::succeeded);
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (ConditionTimeoutException never) {
      return null;
    }
  }

  /** One upload, followed until it succeeds; uploaded again if it failed while things came back. */
  private final class Probe {
    private final byte[] photo = TestImages.jpeg(64, 48, Color.GREEN);
    private String id;

    boolean succeeded() {
      try {
        if (id == null) {
          HttpResponse<String> upload =
              new TestHttp(product.apiUri())
                  .postMultipart(
                      "/api/v1/images/actions/upload",
                      TestHttp.Part.file("probe.jpg", "image/jpeg", photo));
          if (upload.statusCode() == 202) {
            id = JSON.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue();
          }
          return false;
        }
        HttpResponse<String> image =
            http.send(
                HttpRequest.newBuilder(product.apiUri().resolve("/api/v1/images/" + id))
                    .timeout(Duration.ofSeconds(5))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        String status = JSON.readValue(image.body(), JsonNode.class).get("status").getStringValue();
        if (status.equals("failed")) {
          id = null;
        }
        return status.equals("succeeded");
      } catch (Exception | AssertionError notBackYet) {
        return false;
      }
    }
  }

  private Connection connect() throws Exception {
    EmbeddedStack stack = product.stack();
    return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
  }

  private static String seconds(Duration d) {
    return d.toSeconds() >= 120 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static void signal(String signal, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
    }
  }

  private static Fault nothing() {
    return instant(() -> {});
  }

  private interface Action {
    void run() throws Exception;
  }

  private static Fault instant(Action action) {
    return new Fault() {
      @Override
      public void inject() throws Exception {
        action.run();
      }

      @Override
      public void recover() {}
    };
  }

  private static Fault held(Duration hold, Action inject, Action recover) {
    return new Fault() {
      @Override
      public void inject() throws Exception {
        inject.run();
        TimeUnit.MILLISECONDS.sleep(hold.toMillis());
      }

      @Override
      public void recover() throws Exception {
        recover.run();
      }
    };
  }
}
