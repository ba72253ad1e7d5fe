package io.darkroom.local;

import io.darkroom.local.load.LoadDriver;
import io.darkroom.local.load.PresignRate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * End-to-end load benchmark, on demand (benchmarks/load.sh), never in the test suite. Starts the
 * local product with one worker, then with two, and drives each with the same open-loop profile;
 * prints HTTP latency per endpoint, upload-to-succeeded latency, processing throughput, backlog
 * drain time and peak memory, and writes a plot of latency and backlog over time. Arguments: corpus
 * dir, output dir, profile (full|short).
 */
public final class LoadBenchmark {
  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home", ".")).toAbsolutePath();
    Path corpus = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    boolean full = args.length < 3 || args[2].equals("full");
    List<LoadDriver.Phase> profile =
        full
            ? List.of(
                new LoadDriver.Phase(5, 30),
                new LoadDriver.Phase(10, 30),
                new LoadDriver.Phase(35, 90))
            : List.of(
                new LoadDriver.Phase(5, 10),
                new LoadDriver.Phase(10, 10),
                new LoadDriver.Phase(35, 20));
    PrintStream report = System.out;
    report.printf(
        "profile: %s, open loop, 10%% camera JPEGs, 20%% via presigned PUT; corpus %s: %s%n",
        profile, corpus, new LoadDriver(URI.create("http://localhost"), corpus).describe());
    if (args.length > 3) {
      // a running deployment (./run.sh, compose, ...): drive it as it is
      URI api = URI.create(args[3]);
      report.printf("%n== %s ==%n", api);
      presignRate(api, report);
      LoadDriver driver = new LoadDriver(api, corpus);
      summarise(driver, driver.run(profile, 0.10, 0.20), report);
      plot(driver, out.resolve("load-external.png"), 0);
      return;
    }
    for (int workers : new int[] {1, 2}) {
      PrintStream quiet =
          new PrintStream(Files.newOutputStream(out.resolve("product-" + workers + ".log")));
      LocalProduct product =
          LocalProduct.start(
              new LocalProduct.Options(
                  home,
                  home.resolve("local-run/target/load-" + workers),
                  false,
                  0,
                  workers,
                  0,
                  0,
                  0,
                  4),
              quiet);
      try {
        report.printf("%n== %d worker(s) ==%n", workers);
        presignRate(product.apiUri(), report);
        LoadDriver driver = new LoadDriver(product.apiUri(), corpus);
        Costs before = Costs.read(product);
        long drain = driver.run(profile, 0.10, 0.20);
        summarise(driver, drain, report);
        Costs.read(product).since(before).report(product, report);
        for (ChildProcess app : product.apps()) {
          report.printf("peak RSS %-9s %d MB%n", app.name(), peakRssMb(app.pid()));
        }
        plot(
            driver,
            out.resolve("load-" + workers + "-worker" + (workers > 1 ? "s" : "") + ".png"),
            workers);
      } finally {
        product.close();
        quiet.close();
      }
    }
  }

  /**
   * What the phase cost per image, for the scaling table (docs/scaling.md): the workers' CPU
   * (/proc), the database's commits and rows written (pg_stat_database), and the bytes stored per
   * image, original and renditions (from the images' rows).
   */
  private record Costs(double workerCpuSeconds, long commits, long rows) {
    static Costs read(LocalProduct product) throws Exception {
      double cpu = 0;
      for (ChildProcess app : product.apps()) {
        if (!LocalProduct.isApi(app)) {
          cpu += ProcessCpu.seconds(app.pid());
        }
      }
      try (Connection c = connect(product);
          ResultSet r =
              c.createStatement()
                  .executeQuery(
                      "SELECT sum(xact_commit), sum(tup_inserted + tup_updated + tup_deleted)"
                          + " FROM pg_stat_database WHERE datname = current_database()")) {
        r.next();
        return new Costs(cpu, r.getLong(1), r.getLong(2));
      }
    }

    Costs since(Costs before) {
      return new Costs(
          workerCpuSeconds - before.workerCpuSeconds, commits - before.commits, rows - before.rows);
    }

    void report(LocalProduct product, PrintStream report) throws Exception {
      try (Connection c = connect(product);
          ResultSet r =
              c.createStatement()
                  .executeQuery(
                      "SELECT count(*), avg(bytes), avg((SELECT sum((x->>'bytes')::bigint)"
                          + " FROM jsonb_array_elements(renditions) x))"
                          + " FROM images WHERE status = 'succeeded'")) {
        r.next();
        long images = r.getLong(1);
        report.printf(
            "per image (%d succeeded): worker CPU %.0f ms, database %.2f commits and %.2f rows"
                + " written (whole life, upload to outcome), original %.0f KB, renditions %.0f KB%n",
            images,
            workerCpuSeconds * 1000 / images,
            commits / (double) images,
            rows / (double) images,
            r.getDouble(2) / 1024,
            r.getDouble(3) / 1024);
      }
    }

    private static Connection connect(LocalProduct product) throws Exception {
      var stack = product.stack();
      return DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
    }
  }

  /**
   * The presign endpoint alone, before the uploads: 64 keep-alive connections as fast as they are
   * answered, 10 s of warm-up, then 20 s measured.
   */
  private static void presignRate(URI api, PrintStream report) {
    PresignRate rate = new PresignRate(api);
    report.println(rate.measure(64, Duration.ofSeconds(10), Duration.ofSeconds(20)));
    if (rate.firstError() != null) {
      report.println("first error: " + rate.firstError());
    }
  }

  private static void summarise(LoadDriver driver, long drainMs, PrintStream report)
      throws Exception {
    Map<String, List<Long>> byEndpoint = new TreeMap<>();
    Map<String, Integer> errors = new TreeMap<>();
    for (LoadDriver.Call call : driver.recordedCalls()) {
      byEndpoint.computeIfAbsent(call.endpoint(), k -> new ArrayList<>()).add(call.millis());
      boolean ok = call.status() >= 200 && call.status() < 300;
      errors.merge(call.endpoint(), ok ? 0 : 1, Integer::sum);
    }
    report.printf(
        "%-18s %7s %7s %7s %7s %7s%n", "endpoint", "count", "p50 ms", "p95 ms", "p99 ms", "errors");
    for (var e : byEndpoint.entrySet()) {
      List<Long> sorted = e.getValue().stream().sorted().toList();
      report.printf(
          "%-18s %7d %7d %7d %7d %7d%n",
          e.getKey(),
          sorted.size(),
          percentileOf(sorted, 50),
          percentileOf(sorted, 95),
          percentileOf(sorted, 99),
          errors.get(e.getKey()));
    }
    Map<String, long[]> outcomes = driver.outcomesForReport();
    List<Long> endToEnd = outcomes.values().stream().map(o -> o[1]).sorted().toList();
    long succeeded = outcomes.values().stream().filter(o -> o[0] == 1).count();
    long lastCompleted = outcomes.values().stream().mapToLong(o -> o[2]).max().orElse(0);
    double seconds = Math.max(1, (lastCompleted - driver.startMillis()) / 1000.0);
    report.printf(
        "images: uploaded %d, succeeded %d, failed %d, lost %d%n",
        driver.uploadedCount(),
        succeeded,
        outcomes.size() - succeeded,
        driver.uploadedCount() - outcomes.size());
    report.printf(
        "upload -> succeeded: p50 %d ms, p95 %d ms, p99 %d ms%n",
        percentileOf(endToEnd, 50), percentileOf(endToEnd, 95), percentileOf(endToEnd, 99));
    report.printf(
        "processing throughput %.2f images/s; backlog drained %.1f s after the last arrival%n",
        succeeded / seconds, drainMs / 1000.0);
  }

  private static long percentileOf(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static long peakRssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }

  /** Backlog (pending images) and upload p95 latency per 5 s, over time. */
  private static void plot(LoadDriver driver, Path file, int workers) throws Exception {
    int w = 900;
    int h = 420;
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    List<long[]> backlog = new ArrayList<>(driver.backlogSamples());
    Map<Long, List<Long>> latency =
        driver.recordedCalls().stream()
            .filter(c -> c.endpoint().startsWith("upload ("))
            .collect(
                Collectors.groupingBy(
                    c -> c.startMs() / 5000,
                    TreeMap::new,
                    Collectors.mapping(LoadDriver.Call::millis, Collectors.toList())));
    long maxT = Math.max(1, backlog.stream().mapToLong(s -> s[0]).max().orElse(1));
    long maxBacklog = Math.max(1, backlog.stream().mapToLong(s -> s[1]).max().orElse(1));
    long maxLatency =
        Math.max(
            1,
            latency.values().stream()
                .mapToLong(l -> percentileOf(l.stream().sorted().toList(), 95))
                .max()
                .orElse(1));
    int left = 60;
    int right = w - 60;
    int top = 40;
    int bottom = h - 40;
    g.setColor(Color.DARK_GRAY);
    g.drawRect(left, top, right - left, bottom - top);
    g.drawString(
        "Darkroom load, "
            + workers
            + " worker(s): backlog (blue, left axis, max "
            + maxBacklog
            + " images) and upload p95 per 5 s (red, right axis, max "
            + maxLatency
            + " ms); x: 0-"
            + maxT
            + " s",
        left,
        25);
    g.setStroke(new BasicStroke(2f));
    g.setColor(new Color(30, 90, 200));
    int px = -1;
    int py = -1;
    for (long[] s : backlog) {
      int x = left + (int) ((right - left) * s[0] / maxT);
      int y = bottom - (int) ((bottom - top) * s[1] / maxBacklog);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
    g.setColor(new Color(200, 40, 40));
    px = -1;
    for (var e : latency.entrySet()) {
      long p95 = percentileOf(e.getValue().stream().sorted().toList(), 95);
      int x = left + (int) ((right - left) * Math.min(maxT, e.getKey() * 5) / maxT);
      int y = bottom - (int) ((bottom - top) * p95 / maxLatency);
      if (px >= 0) {
        g.drawLine(px, py, x, y);
      }
      px = x;
      py = y;
    }
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }
}
