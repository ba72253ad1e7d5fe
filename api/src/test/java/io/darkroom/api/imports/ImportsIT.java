package io.darkroom.api.imports;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.darkroom.api.image.ImageOutcomes;
import io.darkroom.api.support.Images;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * URL and CSV imports through the api on the real stack. No worker runs in the api's tests: the
 * outcomes a worker would report are applied as its events would be, and the worker's fetching is
 * tested in the worker and end to end in the local product.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportsIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject ImageOutcomes outcomes;
  @Inject ImportCompletion completion;
  @Inject MeterRegistry metrics;

  private HttpServer receiver;
  private final Queue<Delivery> received = new ConcurrentLinkedQueue<>();

  record Delivery(String path, Map<String, List<String>> headers, String body) {}

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.webhooks.allowed-ranges", "127.0.0.1/32",
        "darkroom.webhooks.poll-interval", "100ms",
        "darkroom.imports.completion-interval", "200ms",
        "darkroom.imports.max-file-bytes", "64KB");
  }

  @BeforeAll
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        exchange -> {
          Map<String, List<String>> headers = new HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
          received.add(
              new Delivery(
                  exchange.getRequestURI().getPath(),
                  headers,
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterAll
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void shouldImportTheUnquotedSampleWithOneImagePerDistinctUrl() throws Exception {
    String csv =
        "S. No.,Product Name,Input Image Urls\r\n"
            + "1,Wireless Mouse,https://img.example.com/a.jpeg,https://img.example.com/b.jpeg\r\n"
            + "2,USB Cable,https://img.example.com/c.jpeg,https://img.example.com/a.jpeg\r\n";

    HttpResponse<String> response = importCsv(csv);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode created = read(response);
    String id = created.get("id").getStringValue();
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/imports/" + id);
    assertThat(created.get("status").getStringValue()).isEqualTo("pending");
    assertThat(created.get("totalRows").getIntValue()).isEqualTo(2);
    assertThat(created.get("totalUrls").getIntValue()).isEqualTo(4);
    assertThat(created.get("distinctUrls").getIntValue()).isEqualTo(3);
    assertThat(created.get("progress").get("pending").getIntValue()).isEqualTo(3);
    assertThat(created.get("outputRendition").getStringValue())
        .as("no renditions asked: the largest default preset")
        .isEqualTo("large");

    List<JsonNode> rows = rows(id);
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("serialNumber").getStringValue()).isEqualTo("1");
    assertThat(urls(rows.get(0)))
        .containsExactly("https://img.example.com/a.jpeg", "https://img.example.com/b.jpeg");
    assertThat(urls(rows.get(1)))
        .containsExactly("https://img.example.com/c.jpeg", "https://img.example.com/a.jpeg");
    String first = imageOf(rows.get(0), 0);
    assertThat(imageOf(rows.get(1), 1)).as("a repeated URL is one image").isEqualTo(first);
    JsonNode image = read(http().get("/api/v1/images/" + first));
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");
    assertThat(image.get("source").get("url").getStringValue())
        .isEqualTo("https://img.example.com/a.jpeg");
    assertThat(image.get("filename").getStringValue()).isEqualTo("a.jpeg");
  }

  @Test
  void shouldReadTheQuotedFormFromTheCommittedFixture() throws Exception {
    HttpResponse<String> response = importCsv(fixture("quoted.csv"));

    JsonNode created = read(response);
    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(created.get("totalRows").getIntValue()).isEqualTo(2);
    assertThat(created.get("totalUrls").getIntValue()).isEqualTo(3);
    assertThat(rows(created.get("id").getStringValue()).get(0).get("productName").getStringValue())
        .isEqualTo("Wireless Mouse, black");
  }

  @Test
  void shouldRefuseEveryStructuralProblemWithItsRowAndColumnQueuingNothing() throws Exception {
    double refusedBefore = counted("darkroom.imports.files", "outcome", "refused");
    double queuedBefore = counted("darkroom.imports.urls", "outcome", "queued");
    long importsBefore = total("/api/v1/imports");
    long imagesBefore = total("/api/v1/images");
    String csv =
        "Serial Number,Product Name,Input Image Urls\n"
            + ",No Serial,https://img.example.com/a.jpeg\n"
            + "7,Fine,https://img.example.com/b.jpeg\n"
            + "7,Twice,https://img.example.com/c.jpeg\n"
            + "8,No Urls,\n";

    JsonNode problem = assertProblem(json, importCsv(csv), 400, "validation");

    assertThat(fields(problem))
        .containsExactly(
            "file.row[2].Serial Number",
            "file.row[4].Serial Number",
            "file.row[5].Input Image Urls");
    assertThat(counted("darkroom.imports.files", "outcome", "refused"))
        .isEqualTo(refusedBefore + 1);
    assertThat(counted("darkroom.imports.urls", "outcome", "queued")).isEqualTo(queuedBefore);
    assertThat(total("/api/v1/imports")).isEqualTo(importsBefore);
    assertThat(total("/api/v1/images")).isEqualTo(imagesBefore);
  }

  @Test
  void shouldRefuseAMissingColumnNoFileABinaryFileAndATooLargeOne() throws Exception {
    assertThat(
            fields(assertProblem(json, importCsv("Serial Number,Urls\n1,x\n"), 400, "validation")))
        .contains("file.row[1].Product Name", "file.row[1].Input Image Urls");
    assertThat(
            fields(
                assertProblem(
                    json,
                    http()
                        .postMultipart(
                            "/api/v1/imports", TestHttp.Part.field("preset", "compressed")),
                    400,
                    "validation")))
        .containsExactly("file");
    byte[] binary = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0, 0x10, (byte) 0xc3};
    JsonNode notCsv =
        assertProblem(
            json,
            http()
                .postMultipart(
                    "/api/v1/imports", TestHttp.Part.file("photo.csv", "text/csv", binary)),
            400,
            "validation");
    assertThat(notCsv.get("errors").get(0).get("message").getStringValue()).contains("not a CSV");
    String big =
        "Serial Number,Product Name,Input Image Urls\n"
            + "1,x,https://img.example.com/"
            + "a".repeat(70 * 1024)
            + ".jpeg\n";
    assertProblem(json, importCsv(big), 413, "payload-too-large");
  }

  @Test
  void shouldTakeAPresetByNameAndRefuseAnUnknownOneOrBoth() throws Exception {
    HttpResponse<String> compressed =
        http()
            .postMultipart(
                "/api/v1/imports",
                TestHttp.Part.file("p.csv", "text/csv", bytes(fixture("unquoted.csv"))),
                TestHttp.Part.field("preset", "compressed"));
    assertThat(compressed.statusCode()).as(compressed.body()).isEqualTo(202);
    assertThat(read(compressed).get("outputRendition").getStringValue()).isEqualTo("compressed");
    String image = imageOf(rows(read(compressed).get("id").getStringValue()).get(0), 0);
    JsonNode recorded = read(http().get("/api/v1/images/" + image));
    assertThat(recorded.get("status").getStringValue()).isEqualTo("pending");

    assertThat(
            fields(
                assertProblem(
                    json,
                    http()
                        .postMultipart(
                            "/api/v1/imports",
                            TestHttp.Part.file("p.csv", "text/csv", bytes(fixture("unquoted.csv"))),
                            TestHttp.Part.field("preset", "poster")),
                    400,
                    "validation")))
        .containsExactly("preset");
    assertThat(
            fields(
                assertProblem(
                    json,
                    http()
                        .postMultipart(
                            "/api/v1/imports",
                            TestHttp.Part.file("p.csv", "text/csv", bytes(fixture("unquoted.csv"))),
                            TestHttp.Part.field("preset", "compressed"),
                            TestHttp.Part.field("renditions", "[{\"name\":\"a\",\"width\":10}]")),
                    400,
                    "validation")))
        .containsExactly("preset");
  }

  /** The output CSV byte for byte: links on this api where an image succeeded, empty elsewhere. */
  @Test
  void shouldWriteTheOutputCsvByteForByte() throws Exception {
    JsonNode created =
        read(
            http()
                .postMultipart(
                    "/api/v1/imports",
                    TestHttp.Part.file("q.csv", "text/csv", bytes(fixture("quoted.csv"))),
                    TestHttp.Part.field("preset", "compressed")));
    String id = created.get("id").getStringValue();
    List<JsonNode> rows = rows(id);
    UUID a = UUID.fromString(imageOf(rows.get(0), 0));
    UUID b = UUID.fromString(imageOf(rows.get(0), 1));
    UUID c = UUID.fromString(imageOf(rows.get(1), 0));
    outcomes.apply(processed(a, "compressed"));
    outcomes.apply(failed(b, FailureCode.SOURCE_HTTP_4XX));
    outcomes.apply(processed(c, "compressed"));

    HttpResponse<String> output = http().get("/api/v1/imports/" + id + "/output.csv");

    assertThat(output.statusCode()).isEqualTo(200);
    assertThat(output.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
    String base = "http://localhost:" + server.getPort();
    assertThat(output.body())
        .isEqualTo(
            "\"Serial Number\",\"Product Name\",\"Input Image Urls\",\"Output Image Urls\"\r\n"
                + "\"1\",\"Wireless Mouse, black\","
                + "\"https://img.example.com/a.jpeg,https://img.example.com/b.jpeg\","
                + "\""
                + base
                + "/api/v1/images/"
                + a
                + "/renditions/compressed,\"\r\n"
                + "\"2\",\"USB Cable\",\"https://img.example.com/c.jpeg\","
                + "\""
                + base
                + "/api/v1/images/"
                + c
                + "/renditions/compressed\"\r\n");
    List<JsonNode> after = rows(id);
    assertThat(after.get(0).get("urls").get(1).get("status").getStringValue()).isEqualTo("failed");
    assertThat(after.get(0).get("urls").get(1).get("failureCode").getStringValue())
        .isEqualTo("source_http_4xx");
  }

  /**
   * Completion happens once: one import.completed to the owner's webhook and one to the callback,
   * each verified with Standard Webhooks' reference library, with counts that add up.
   */
  @Test
  void shouldCompleteOnceNotifyingTheWebhookAndTheSignedCallback() throws Exception {
    String base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    JsonNode hook =
        read(
            http()
                .postJson(
                    "/api/v1/webhooks",
                    "{\"url\":\"" + base + "/owner\",\"events\":[\"import.completed\"]}"));
    String ownerSecret = hook.get("secret").getStringValue();
    double acceptedBefore = counted("darkroom.imports.files", "outcome", "accepted");
    double queuedBefore = counted("darkroom.imports.urls", "outcome", "queued");
    double succeededBefore = counted("darkroom.imports.urls", "outcome", "succeeded");
    double failedBefore = counted("darkroom.imports.urls", "outcome", "failed");
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/imports",
                TestHttp.Part.file("u.csv", "text/csv", bytes(fixture("unquoted.csv"))),
                TestHttp.Part.field("callbackUrl", base + "/callback"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode created = read(response);
    String id = created.get("id").getStringValue();
    String callbackSecret = created.get("callback").get("secret").getStringValue();
    assertThat(callbackSecret).startsWith("whsec_").isNotEqualTo(ownerSecret);
    assertThat(counted("darkroom.imports.files", "outcome", "accepted"))
        .isEqualTo(acceptedBefore + 1);
    assertThat(counted("darkroom.imports.urls", "outcome", "queued")).isEqualTo(queuedBefore + 3);
    List<JsonNode> rows = rows(id);
    outcomes.apply(processed(UUID.fromString(imageOf(rows.get(0), 0)), "large"));
    outcomes.apply(failed(UUID.fromString(imageOf(rows.get(0), 1)), FailureCode.SOURCE_HTTP_5XX));
    assertThat(read(http().get("/api/v1/imports/" + id)).get("status").getStringValue())
        .isEqualTo("processing");
    outcomes.apply(processed(UUID.fromString(imageOf(rows.get(1), 0)), "large"));

    await().atMost(Duration.ofSeconds(20)).until(() -> deliveriesFor(id).size() == 2);
    completion.completeFinished(); // another pass (another api instance) completes nothing more

    JsonNode done = read(http().get("/api/v1/imports/" + id));
    assertThat(done.get("status").getStringValue()).isEqualTo("completed_with_errors");
    assertThat(done.get("completedAt").getStringValue()).isNotBlank();
    JsonNode progress = done.get("progress");
    assertThat(progress.get("total").getIntValue()).isEqualTo(3);
    assertThat(progress.get("succeeded").getIntValue()).isEqualTo(2);
    assertThat(progress.get("failed").getIntValue()).isEqualTo(1);
    assertThat(progress.get("pending").getIntValue()).isZero();
    assertThat(progress.get("percentComplete").getIntValue()).isEqualTo(100);
    // at least this import's: another test's import may complete meanwhile (ImportMetricsTest
    // counts exactly)
    assertThat(counted("darkroom.imports.urls", "outcome", "succeeded"))
        .isGreaterThanOrEqualTo(succeededBefore + 2);
    assertThat(counted("darkroom.imports.urls", "outcome", "failed"))
        .isGreaterThanOrEqualTo(failedBefore + 1);
    for (Delivery delivery : deliveriesFor(id)) {
      String secret = delivery.path().equals("/callback") ? callbackSecret : ownerSecret;
      new Webhook(secret).verify(delivery.body(), delivery.headers()); // throws if not ours
      JsonNode event = json.readValue(delivery.body(), JsonNode.class);
      assertThat(event.get("type").getStringValue()).isEqualTo("import.completed");
      assertThat(event.get("data").get("status").getStringValue())
          .isEqualTo("completed_with_errors");
      assertThat(event.get("data").get("progress").get("total").getIntValue()).isEqualTo(3);
      assertThat(event.get("data").get("progress").get("failed").getIntValue()).isEqualTo(1);
      assertThat(event.get("data").get("links").get("output").getStringValue())
          .endsWith("/api/v1/imports/" + id + "/output.csv");
    }
    assertThat(deliveriesFor(id))
        .extracting(Delivery::path)
        .containsExactlyInAnyOrder("/owner", "/callback");
    JsonNode callbackDeliveries =
        read(
            http()
                .get(
                    "/api/v1/webhooks/"
                        + created.get("callback").get("webhookId").getStringValue()
                        + "/deliveries"));
    assertThat(callbackDeliveries.get("meta").get("total").getLongValue()).isEqualTo(1);
    JsonNode listed = read(http().get("/api/v1/webhooks?limit=100"));
    for (JsonNode endpoint : listed.get("data").values()) {
      assertThat(endpoint.get("url").getStringValue())
          .as("a callback is not one of the owner's endpoints")
          .doesNotEndWith("/callback");
    }
    http().delete("/api/v1/webhooks/" + hook.get("id").getStringValue());
  }

  @Test
  void shouldImportOneUrlAsAPendingImageWithItsSource() throws Exception {
    HttpResponse<String> response =
        http()
            .postJson(
                "/api/v1/images/actions/import",
                "{\"url\":\"https://img.example.com/shoes/red%20shoe.jpg?v=2\","
                    + "\"description\":\"red\",\"renditions\":[{\"name\":\"card\",\"width\":300}]}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode image = read(response);
    String id = image.get("uuid").getStringValue();
    assertThat(response.headers().firstValue("Location")).contains("/api/v1/images/" + id);
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");
    assertThat(image.get("filename").getStringValue()).isEqualTo("red shoe.jpg");
    assertThat(image.get("source").get("url").getStringValue())
        .isEqualTo("https://img.example.com/shoes/red%20shoe.jpg?v=2");

    outcomes.apply(processed(UUID.fromString(id), "card"));
    JsonNode done = read(http().get("/api/v1/images/" + id));
    assertThat(done.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(done.get("contentType").getStringValue())
        .as("what the worker found the original to be")
        .isEqualTo("image/jpeg");
    assertThat(done.get("bytes").getLongValue()).isEqualTo(4321);
  }

  @Test
  void shouldRefuseAUrlThatIsNotHttpWithAHost() throws Exception {
    for (String url :
        List.of("ftp://img.example.com/a.jpg", "not a url", "https://user:pw@img.example.com/a")) {
      JsonNode problem =
          assertProblem(
              json,
              http().postJson("/api/v1/images/actions/import", "{\"url\":\"" + url + "\"}"),
              400,
              "validation");
      assertThat(fields(problem)).as(url).containsExactly("url");
    }
  }

  private List<Delivery> deliveriesFor(String importId) {
    List<Delivery> mine = new ArrayList<>();
    for (Delivery delivery : received) {
      if (delivery.body().contains(importId)) {
        mine.add(delivery);
      }
    }
    return mine;
  }

  private static ImageProcessed processed(UUID id, String rendition) {
    return Images.processed(id, rendition, 4321L);
  }

  private static ImageProcessingFailed failed(UUID id, FailureCode code) {
    return Images.failed(id, code, "The URL answered HTTP 404.", false);
  }

  private double counted(String name, String tag, String value) {
    return metrics.find(name).tag(tag, value).counter().count();
  }

  private HttpResponse<String> importCsv(String csv) {
    return http()
        .postMultipart(
            "/api/v1/imports",
            TestHttp.Part.file("products.csv", "text/csv", csv.getBytes(StandardCharsets.UTF_8)));
  }

  private List<JsonNode> rows(String importId) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    read(http().get("/api/v1/imports/" + importId + "/rows"))
        .get("data")
        .values()
        .forEach(rows::add);
    return rows;
  }

  private static List<String> urls(JsonNode row) {
    List<String> urls = new ArrayList<>();
    row.get("urls").values().forEach(u -> urls.add(u.get("url").getStringValue()));
    return urls;
  }

  private static String imageOf(JsonNode row, int index) {
    return row.get("urls").get(index).get("imageId").getStringValue();
  }

  private long total(String path) throws IOException {
    return read(http().get(path + "?limit=1")).get("meta").get("total").getLongValue();
  }

  private JsonNode read(HttpResponse<String> response) throws IOException {
    return json.readValue(response.body(), JsonNode.class);
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  private static String fixture(String name) throws IOException {
    try (InputStream in = ImportsIT.class.getResourceAsStream("/imports/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
