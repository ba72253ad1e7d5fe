package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.assertions.PlaywrightAssertions;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The product as a user runs it: the embedded stack, the api and a worker as separate JVMs from
 * their packaged jars, driven over HTTP only. Proves the whole loop of DESIGN.md, upload to
 * rendition.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalProductIT {
  private final JsonMapper json = JsonMapper.createDefault();
  private LocalProduct product;
  private TestHttp http;

  @BeforeAll
  void startProduct() {
    Path home = Path.of(System.getProperty("darkroom.home"));
    product =
        LocalProduct.start(
            new LocalProduct.Options(
                home,
                Path.of("target/local-product"),
                false,
                0,
                1,
                0,
                0,
                0,
                4,
                LocalProduct.APP_JVM_OPTIONS,
                // as the README says for a receiver and for photos served on this machine: the
                // Postman tour registers a receiver, the import walkthrough serves photos
                Map.of(
                    "DARKROOM_WEBHOOKS_ALLOWED_RANGES", "127.0.0.1/32",
                    "DARKROOM_FETCH_ALLOWED_RANGES", "127.0.0.1/32")),
            System.out);
    http = new TestHttp(product.apiUri());
  }

  @AfterAll
  void stopProduct() {
    if (product != null) {
      product.close();
    }
  }

  @Test
  void shouldTurnADirectUploadIntoASucceededImageWithADownloadableThumbnail() throws Exception {
    byte[] photo = Files.readAllBytes(corpus("storm_2.5mp.jpg"));

    HttpResponse<String> upload =
        http.postMultipart(
            "/api/v1/images/actions/upload", Part.file("storm.jpg", "image/jpeg", photo));
    assertThat(upload.statusCode()).isEqualTo(202);
    String id = json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue();

    JsonNode image = awaitFinal(id);
    assertThat(image.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(image.get("width").getIntValue()).isEqualTo(1920);
    assertThat(image.get("height").getIntValue()).isEqualTo(1280);

    HttpResponse<String> redirect = http.get("/api/v1/images/" + id + "/renditions/thumbnail");
    assertThat(redirect.statusCode()).isEqualTo(302);
    URI presigned = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    HttpResponse<byte[]> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("image/jpeg");
    BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(download.body()));
    assertThat(thumbnail.getWidth()).isEqualTo(100);
    assertThat(thumbnail.getHeight()).isEqualTo(100);
  }

  @Test
  void shouldEndACorruptUploadAsFailedWithAReason() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(3).nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // a JPEG by its magic bytes, garbage after them: refused at once
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    assertThat(
            http.postMultipart(
                    "/api/v1/images/actions/upload",
                    Part.file("garbage.jpg", "image/jpeg", garbage))
                .statusCode())
        .isEqualTo(415);
    // a whole header and half the data: accepted, and failed by the worker that decodes it
    byte[] photo = Files.readAllBytes(corpus("storm_2.5mp.jpg"));
    byte[] corrupt = Arrays.copyOf(photo, photo.length / 2);

    HttpResponse<String> upload =
        http.postMultipart(
            "/api/v1/images/actions/upload", Part.file("broken.jpg", "image/jpeg", corrupt));
    assertThat(upload.statusCode()).isEqualTo(202);
    String id = json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue();

    JsonNode image = awaitFinal(id);
    assertThat(image.get("status").getStringValue()).isEqualTo("failed");
    assertThat(image.get("failure").get("code").getStringValue()).isEqualTo("corrupt_image");
    assertThat(image.get("failure").get("detail").getStringValue()).isNotBlank();
    assertThat(image.get("renditions").size()).isZero();
  }

  /**
   * The whole corpus (CMYK, ICC, greyscale, EXIF orientation, RGBA PNG, progressive, a 13 MP photo)
   * through a worker with a 512 MB heap and two threads: every image succeeds with its displayed
   * size.
   */
  @Test
  void shouldProcessEveryPhotoOfTheCorpusWithItsDisplayedSize() throws Exception {
    Path corpus = Path.of(System.getProperty("darkroom.corpus"));
    Map<String, int[]> expected = new LinkedHashMap<>();
    List<String> manifest = Files.readAllLines(corpus.resolve("MANIFEST.tsv"));
    List<String> columns = List.of(manifest.get(0).split("\t"));
    for (String line : manifest.subList(1, manifest.size())) {
      String[] f = line.split("\t", -1);
      int w = Integer.parseInt(f[columns.indexOf("width")]);
      int h = Integer.parseInt(f[columns.indexOf("height")]);
      // EXIF orientations 5 to 8 turn the picture a quarter: it displays with width and height
      // swapped.
      boolean turned = List.of("5", "6", "7", "8").contains(f[columns.indexOf("exif_orientation")]);
      expected.put(f[columns.indexOf("file")], turned ? new int[] {h, w} : new int[] {w, h});
    }
    assertThat(expected).hasSizeGreaterThanOrEqualTo(9);
    Map<String, String> ids = new LinkedHashMap<>();
    for (String file : expected.keySet()) {
      HttpResponse<String> upload =
          http.postMultipart(
              "/api/v1/images/actions/upload",
              Part.file(
                  file, "application/octet-stream", Files.readAllBytes(corpus.resolve(file))));
      assertThat(upload.statusCode()).as(file + ": " + upload.body()).isEqualTo(202);
      ids.put(file, json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue());
    }
    for (var entry : ids.entrySet()) {
      JsonNode image = awaitFinal(entry.getValue());
      int[] size = expected.get(entry.getKey());
      assertThat(image.get("status").getStringValue()).as(entry.getKey()).isEqualTo("succeeded");
      assertThat(image.get("width").getIntValue()).as(entry.getKey()).isEqualTo(size[0]);
      assertThat(image.get("height").getIntValue()).as(entry.getKey()).isEqualTo(size[1]);
      assertThat(image.get("renditions").size()).isEqualTo(4);
    }
  }

  /**
   * The Postman collection, run by newman against this product: every endpoint, every assertion.
   */
  @Test
  void shouldPassEveryAssertionOfThePostmanCollection() throws Exception {
    Path postman = Path.of(System.getProperty("darkroom.home"), "postman");
    Process newman =
        new ProcessBuilder(
                "npx",
                "--yes",
                "newman@6.2.2",
                "run",
                "darkroom.postman_collection.json",
                "-e",
                "local.postman_environment.json",
                "--env-var",
                "baseUrl=" + product.apiUri(),
                "--working-dir",
                ".",
                "--disable-unicode",
                "--color",
                "off")
            .directory(postman.toFile())
            .redirectErrorStream(true)
            .start();
    String report = new String(newman.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(newman.waitFor(5, TimeUnit.MINUTES)).isTrue();
    System.out.println(report);
    assertThat(newman.exitValue()).as(report).isZero();
    assertThat(report).contains("assertions").doesNotContain("AssertionError");
  }

  @Test
  void shouldReportDatabaseKafkaAndStorageInHealth() throws Exception {
    HttpResponse<String> health = http.get("/health");

    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode details = json.readValue(health.body(), JsonNode.class).get("details");
    assertThat(details.get("jdbc").get("status").getStringValue()).isEqualTo("UP");
    assertThat(details.get("kafka").get("status").getStringValue()).isEqualTo("UP");
    assertThat(details.get("storage").get("status").getStringValue()).isEqualTo("UP");
  }

  /**
   * The README's import walkthrough: the committed sample CSV (20 rows written as the replaced
   * service's sample is, unquoted) of photos served on 127.0.0.1, imported with the compressed
   * preset; a worker fetches each distinct URL once through the egress guard. The import completes
   * with the two bad URLs failed with their codes, and the output CSV's links open the renditions.
   */
  @Test
  void shouldImportTheSampleCatalogueFromALocalImageServer() throws Exception {
    try (PhotoServer photos = PhotoServer.serve(corpus("grey_1mp.jpg").getParent())) {
      Path sample =
          Path.of(System.getProperty("darkroom.home"), "docs/imports/sample-products.csv");
      String csv = Files.readString(sample).replace("http://127.0.0.1:8000/", photos.base() + "/");

      HttpResponse<String> created =
          http.postMultipart(
              "/api/v1/imports",
              Part.file("sample-products.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)),
              Part.field("preset", "compressed"));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
      JsonNode started = json.readValue(created.body(), JsonNode.class);
      String id = started.get("id").getStringValue();
      assertThat(started.get("totalRows").getIntValue()).isEqualTo(20);
      assertThat(started.get("totalUrls").getIntValue()).isEqualTo(25);
      assertThat(started.get("distinctUrls").getIntValue()).isEqualTo(11);

      JsonNode done =
          Awaitility.await()
              .atMost(Duration.ofMinutes(4))
              .pollInterval(Duration.ofMillis(500))
              .until(
                  () -> json.readValue(http.get("/api/v1/imports/" + id).body(), JsonNode.class),
                  view -> view.get("completedAt") != null && !view.get("completedAt").isNull());
      assertThat(done.get("status").getStringValue()).isEqualTo("completed_with_errors");
      assertThat(done.get("progress").get("succeeded").getIntValue()).isEqualTo(9);
      assertThat(done.get("progress").get("failed").getIntValue()).isEqualTo(2);
      assertThat(photos.requests("/storm_2.5mp.jpg"))
          .as("a URL repeated within the import is fetched once")
          .isEqualTo(1);

      Map<String, String> codes = new LinkedHashMap<>();
      JsonNode rows =
          json.readValue(http.get("/api/v1/imports/" + id + "/rows").body(), JsonNode.class);
      for (JsonNode row : rows.get("data").values()) {
        for (JsonNode url : row.get("urls").values()) {
          if (!url.get("failureCode").isNull()) {
            codes.put(url.get("url").getStringValue(), url.get("failureCode").getStringValue());
          }
        }
      }
      assertThat(codes)
          .containsOnly(
              Map.entry(photos.base() + "/discontinued-lamp.jpg", "source_http_4xx"),
              Map.entry(photos.base() + "/MANIFEST.tsv", "source_not_image"));

      HttpResponse<String> output = http.get("/api/v1/imports/" + id + "/output.csv");
      assertThat(output.statusCode()).isEqualTo(200);
      List<String> lines = output.body().lines().toList();
      assertThat(lines).hasSize(21);
      assertThat(lines.get(14))
          .as("the discontinued lamp's only URL failed: its output is empty")
          .endsWith(",\"\"");
      // open three of the output links: each redirects to the compressed rendition
      for (int line : List.of(1, 5, 6)) {
        String[] fields = lines.get(line).split("\",\"");
        String link = fields[3].replace("\"", "").split(",")[0];
        HttpResponse<String> redirect = http.get(URI.create(link).getPath());
        assertThat(redirect.statusCode()).as(link).isEqualTo(302);
        HttpResponse<byte[]> download =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(redirect.headers().firstValue("Location").orElseThrow()))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.headers().firstValue("Content-Type")).contains("image/jpeg");
        BufferedImage compressed = ImageIO.read(new ByteArrayInputStream(download.body()));
        assertThat(compressed).as(link).isNotNull();
        if (line == 1) {
          assertThat(compressed.getWidth()).as("at the original size").isEqualTo(1920);
        }
        if (line == 6) {
          assertThat(compressed.getWidth() + "x" + compressed.getHeight())
              .as("EXIF orientation applied: stored 1200x1800, displayed 1800x1200")
              .isEqualTo("1800x1200");
        }
      }
    }
  }

  /**
   * A resumable upload as a browser makes it, with a plain HTTP client: three parts of a 12 MB PNG
   * PUT straight to storage through URLs the api signs one by one, the client "disconnecting" after
   * two and resuming from the list of parts; completed, checked, and processed by a real worker.
   */
  @Test
  void shouldProcessAResumableUploadWhosePartsWentStraightToStorage() throws Exception {
    byte[] photo = TestImages.noisePng(12 * 1024 * 1024);
    int part = 5 * 1024 * 1024;
    JsonNode upload =
        json.readValue(
            http.postJson(
                    "/api/v1/uploads/s3/multipart",
                    "{\"filename\":\"noise.png\",\"type\":\"image/png\"}")
                .body(),
            JsonNode.class);
    String base = "/api/v1/uploads/s3/multipart/" + upload.get("uploadId").getStringValue();
    String key =
        "?key=" + URLEncoder.encode(upload.get("key").getStringValue(), StandardCharsets.UTF_8);
    List<String> etags = new java.util.ArrayList<>();
    for (int number = 1; number <= 2; number++) {
      etags.add(
          putPart(
              base, key, number, Arrays.copyOfRange(photo, (number - 1) * part, number * part)));
    }
    JsonNode listed = json.readValue(http.get(base + key).body(), JsonNode.class);
    assertThat(listed.size()).as("resuming: two parts are there").isEqualTo(2);
    etags.add(putPart(base, key, 3, Arrays.copyOfRange(photo, 2 * part, photo.length)));
    StringBuilder parts = new StringBuilder();
    for (int i = 0; i < etags.size(); i++) {
      parts
          .append(i == 0 ? "" : ",")
          .append("{\"PartNumber\":")
          .append(i + 1)
          .append(",\"ETag\":\"")
          .append(etags.get(i).replace("\"", "\\\""))
          .append("\"}");
    }

    HttpResponse<String> completed =
        http.postJson(base + "/complete" + key, "{\"parts\":[" + parts + "]}");

    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    String id = json.readValue(completed.body(), JsonNode.class).get("imageId").getStringValue();
    JsonNode image = awaitFinal(id);
    assertThat(image.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(image.get("bytes").getLongValue()).isEqualTo(photo.length);
    assertThat(image.get("renditions").size()).isEqualTo(4);
  }

  private String putPart(String base, String key, int number, byte[] bytes) throws Exception {
    String url =
        json.readValue(http.get(base + "/" + number + key).body(), JsonNode.class)
            .get("url")
            .getStringValue();
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return put.headers().firstValue("ETag").orElseThrow();
  }

  /** docs/openapi, generated into a Java client at build time, driven through the main flows. */
  /**
   * With auth off, as {@code ./run.sh} runs: the console needs no token, shows the limits and the
   * gallery at once, and the monitor shows the pipeline to the single local owner.
   */
  @Test
  void shouldOpenTheConsoleWithoutAToken() {
    try (ConsoleBrowser browser = new ConsoleBrowser(product.apiUri())) {
      browser.open("index.html");
      PlaywrightAssertions.assertThat(browser.page.locator("#limits")).containsText(".jpg");
      PlaywrightAssertions.assertThat(browser.page.locator("#token-help")).hasText("No token set.");
      browser.open("gallery.html");
      PlaywrightAssertions.assertThat(browser.page.locator("#page-info")).containsText("images)");
      browser.open("monitor.html");
      PlaywrightAssertions.assertThat(browser.page.locator("#scope")).containsText("Every owner's");
      PlaywrightAssertions.assertThat(browser.page.locator("tr.worker")).not().hasCount(0);
      assertThat(browser.policyRefusals()).isEmpty();
      assertThat(browser.realProblems()).isEmpty();
    }
  }

  /**
   * Every metric the Grafana dashboard and the alert rules read (monitoring/) is exported by the
   * running api or worker, so a renamed meter or a forgotten histogram fails here rather than as an
   * empty panel or an alert that can never fire. One success and one failure first, for the series
   * that exist only once something happened (stage histograms, HTTP timings of the upload route).
   */
  @Test
  void shouldExportEveryMetricTheDashboardAndTheAlertsRead() throws Exception {
    byte[] photo = Files.readAllBytes(corpus("grey_1mp.jpg"));
    String done = uploaded("metrics.jpg", photo);
    String broken = uploaded("metrics-broken.jpg", Arrays.copyOf(photo, photo.length / 2));
    assertThat(awaitFinal(done).get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(awaitFinal(broken).get("status").getStringValue()).isEqualTo("failed");

    Map<String, Set<String>> used = new TreeMap<>();
    Path monitoring = Path.of(System.getProperty("darkroom.home"), "monitoring");
    JsonNode dashboard =
        json.readValue(
            Files.readString(monitoring.resolve("grafana/dashboards/darkroom.json")),
            JsonNode.class);
    for (JsonNode panel : dashboard.get("panels").values()) {
      for (JsonNode target : panel.get("targets").values()) {
        for (String name : PromQlNames.of(target.get("expr").getStringValue())) {
          used.computeIfAbsent(name, n -> new TreeSet<>())
              .add("panel " + panel.get("title").getStringValue());
        }
      }
    }
    int rules = 0;
    try (var in = Files.newInputStream(monitoring.resolve("prometheus/rules/darkroom.yml"))) {
      Map<String, List<Map<String, List<Map<String, String>>>>> file = new Yaml().load(in);
      for (Map<String, List<Map<String, String>>> group : file.get("groups")) {
        for (Map<String, String> rule : group.get("rules")) {
          rules++;
          for (String name : PromQlNames.of(rule.get("expr"))) {
            used.computeIfAbsent(name, n -> new TreeSet<>()).add("alert " + rule.get("alert"));
          }
        }
      }
    }
    assertThat(rules).as("alerts read from the rule file").isEqualTo(6);
    assertThat(used)
        .containsKeys("darkroom_stage_seconds_bucket", "darkroom_commands_lag", "up")
        .hasSizeGreaterThan(15);

    Set<String> exported = new TreeSet<>(exportedNames(product.apiUri()));
    exported.addAll(exportedNames(product.workerUri("worker-1")));
    exported.add("up"); // Prometheus' own, for every target it scrapes
    Map<String, Set<String>> missing = new TreeMap<>(used);
    missing.keySet().removeAll(exported);
    assertThat(missing)
        .as("metrics read by monitoring/ that neither the api nor a worker exports")
        .isEmpty();
  }

  /**
   * The worker runs libjpeg-turbo where Debian's libturbojpeg0 is installed (.ci/run installs it),
   * exports which decoder and version it runs, and labels each decode with its decoder; the
   * banner's line is read from the same scrape.
   */
  @Test
  void shouldDecodeJpegWithLibjpegTurboAndSaySo() throws Exception {
    String done = uploaded("turbo.jpg", Files.readAllBytes(corpus("storm_2.5mp.jpg")));
    assertThat(awaitFinal(done).get("status").getStringValue()).isEqualTo("succeeded");

    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(product.workerUri("worker-1").resolve("/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics)
        .containsPattern(
            "darkroom_worker_jpeg_decoder_info\\{[^}]*decoder=\"libjpeg-turbo\"[^}]*version=\"\\d+\\.\\d+\\.\\d+\"");
    Matcher decodes =
        Pattern.compile(
                "(?m)^darkroom_worker_decode_seconds_count\\{[^}]*decoder=\"libjpeg-turbo\"[^}]*format=\"jpeg\"[^}]*} (\\S+)$")
            .matcher(metrics);
    assertThat(decodes.find()).as(metrics).isTrue();
    assertThat(Double.parseDouble(decodes.group(1))).isGreaterThanOrEqualTo(1);
    assertThat(JpegDecoderLine.describe(metrics)).startsWith("libjpeg-turbo ");
  }

  private String uploaded(String filename, byte[] bytes) throws Exception {
    HttpResponse<String> upload =
        http.postMultipart(
            "/api/v1/images/actions/upload", Part.file(filename, "image/jpeg", bytes));
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
    return json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue();
  }

  /** The sample names of a Prometheus scrape: {@code name{labels} value} or {@code name value}. */
  private static Set<String> exportedNames(URI base) throws Exception {
    HttpResponse<String> scrape =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).as(base + "/prometheus").isEqualTo(200);
    Set<String> names = new TreeSet<>();
    Matcher sample = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape.body());
    while (sample.find()) {
      names.add(sample.group(1));
    }
    return names;
  }

  @Test
  void shouldDriveTheMainFlowsThroughTheGeneratedJavaClient() throws Exception {
    new GeneratedClientFlows(product.apiUri(), corpus("grey_1mp.jpg").getParent()).run();
  }

  private JsonNode awaitFinal(String id) {
    return ImageStatus.awaitFinal(http, id, Duration.ofSeconds(180));
  }

  private static Path corpus(String name) {
    return Path.of(System.getProperty("darkroom.corpus")).resolve(name);
  }
}
