package io.darkroom.local;

import io.darkroom.testkit.TestHttp;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;

/**
 * Import throughput, on demand (benchmarks/imports.sh), never in the test suite: the local product
 * with one worker imports a 1,000-row CSV of 3,000 distinct URLs (three a row, written unquoted
 * like the replaced service's sample) from an image server on 127.0.0.1, with the compressed
 * preset. Prints the time to accept the CSV, the time to completion, images/s, and the most fetches
 * the image server saw at once (the per-host politeness). Arguments: corpus dir, output dir, rows,
 * URLs per row.
 */
public final class ImportBenchmark {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private ImportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home", ".")).toAbsolutePath();
    Path corpus = Path.of(args[0]);
    Path out = Files.createDirectories(Path.of(args[1]));
    int rows = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    int perRow = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    Path photos = catalogue(corpus, Files.createDirectories(out.resolve("catalogue")));
    List<String> names;
    try (Stream<Path> files = Files.list(photos)) {
      names = files.map(f -> f.getFileName().toString()).sorted().toList();
    }
    PrintStream report = System.out;
    report.printf(
        "%d rows x %d URLs, every URL distinct, over %d product photos (%s); preset compressed%n",
        rows, perRow, names.size(), describe(photos, names));
    try (PhotoServer server = PhotoServer.serve(photos);
        PrintStream quiet = new PrintStream(Files.newOutputStream(out.resolve("product.log")));
        LocalProduct product =
            LocalProduct.start(
                new LocalProduct.Options(
                    home,
                    home.resolve("local-run/target/import-bench"),
                    false,
                    0,
                    1,
                    0,
                    0,
                    0,
                    4,
                    LocalProduct.APP_JVM_OPTIONS,
                    Map.of("DARKROOM_FETCH_ALLOWED_RANGES", "127.0.0.1/32")),
                quiet)) {
      StringBuilder csv = new StringBuilder("S. No.,Product Name,Input Image Urls\n");
      for (int row = 1; row <= rows; row++) {
        csv.append(row).append(",Product ").append(row);
        for (int k = 0; k < perRow; k++) {
          String name = names.get((row * perRow + k) % names.size());
          csv.append(',').append(server.base()).append('/').append(name);
          csv.append("?sku=").append(row).append('-').append(k);
        }
        csv.append('\n');
      }
      TestHttp http = new TestHttp(product.apiUri());
      long started = System.nanoTime();
      HttpResponse<String> created =
          http.postMultipart(
              "/api/v1/imports",
              TestHttp.Part.file(
                  "catalogue.csv", "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8)),
              TestHttp.Part.field("preset", "compressed"));
      long acceptedMs = (System.nanoTime() - started) / 1_000_000;
      if (created.statusCode() != 202) {
        throw new IllegalStateException(created.statusCode() + " " + created.body());
      }
      String id = JSON.readValue(created.body(), JsonNode.class).get("id").getStringValue();
      report.printf("CSV of %d KB accepted (202) in %d ms%n", csv.length() / 1024, acceptedMs);
      JsonNode done = awaitCompletion(http, id);
      double seconds = (System.nanoTime() - started) / 1e9;
      JsonNode progress = done.get("progress");
      long total = progress.get("total").getLongValue();
      report.printf(
          "completed %s in %.1f s: %d images, %d succeeded, %d failed -> %.1f images/s%n",
          done.get("status").getStringValue(),
          seconds,
          total,
          progress.get("succeeded").getLongValue(),
          progress.get("failed").getLongValue(),
          total / seconds);
      report.printf(
          "image server: %d requests, at most %d at once (darkroom.fetch.max-per-host=2 per worker)%n",
          server.total(), server.mostInFlight());
      for (ChildProcess app : product.apps()) {
        report.printf("peak RSS %-9s %d MB%n", app.name(), LoadBenchmark.peakRssMb(app.pid()));
      }
    }
  }

  private static JsonNode awaitCompletion(TestHttp http, String id) {
    return Awaitility.await()
        .atMost(Duration.ofHours(1))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> JSON.readValue(http.get("/api/v1/imports/" + id).body(), JsonNode.class),
            view -> view.get("completedAt") != null && !view.get("completedAt").isNull());
  }

  /** Product photos: each corpus photo scaled to fit 1000x1000, as shops publish them. */
  private static Path catalogue(Path corpus, Path folder) throws Exception {
    List<Path> sources = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      files
          .filter(f -> f.toString().matches(".*\\.(jpg|jpeg|png)$"))
          .sorted()
          .forEach(sources::add);
    }
    for (Path source : sources) {
      BufferedImage image = ImageIO.read(source.toFile());
      if (image == null) {
        continue; // a format the JDK's reader does not know (CMYK): left out
      }
      double scale = Math.min(1.0, 1000.0 / Math.max(image.getWidth(), image.getHeight()));
      int w = (int) Math.round(image.getWidth() * scale);
      int h = (int) Math.round(image.getHeight() * scale);
      BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = scaled.createGraphics();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, w, h, java.awt.Color.WHITE, null);
      g.dispose();
      String name = source.getFileName().toString().replaceAll("\\.[a-z]+$", "") + ".jpg";
      ImageIO.write(scaled, "jpg", folder.resolve(name).toFile());
    }
    return folder;
  }

  private static String describe(Path folder, List<String> names) throws Exception {
    long bytes = 0;
    for (String name : names) {
      bytes += Files.size(folder.resolve(name));
    }
    return "about 1000 px, " + bytes / names.size() / 1024 + " KB on average";
  }
}
