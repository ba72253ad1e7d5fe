package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.stack.EmbeddedStackSupport;
import io.darkroom.stack.TestHttp;
import io.darkroom.stack.TestImages;
import io.darkroom.stack.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.StatObjectArgs;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PresignedUploadIT implements EmbeddedStackSupport {
  private static final int LIMIT = 300 * 1024;

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of("darkroom.upload.presigned-max-bytes", String.valueOf(LIMIT));
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldIssueAPresignedPutForExactlyOneKeyAndRecordTheImageAsAwaitingUpload()
      throws Exception {
    HttpResponse<String> response = http().get("/api/v1/images/actions/upload-url?extension=jpg");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readValue(response.body(), JsonNode.class);
    UUID id = UUID.fromString(body.get("uuid").getStringValue());
    assertThat(body.get("method").getStringValue()).isEqualTo("PUT");
    assertThat(body.get("headers").get("Content-Type").getStringValue()).isEqualTo("image/jpeg");
    Instant expiresAt = Instant.parse(body.get("expiresAt").getStringValue());
    assertThat(expiresAt).isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(3600));
    String url = body.get("presignedUrl").getStringValue();
    assertThat(url).contains(ObjectKeys.original("local", id)).contains("X-Amz-Signature");

    JsonNode image = json.readValue(http().get("/api/v1/images/" + id).body(), JsonNode.class);
    assertThat(image.get("status").getStringValue()).isEqualTo("awaiting_upload");

    assertThat(put(url, TestImages.jpeg(40, 30, Color.GREEN)).statusCode()).isEqualTo(200);
    var stat =
        stack()
            .s3Client()
            .statObject(
                StatObjectArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object(ObjectKeys.original("local", id))
                    .build());
    assertThat(stat.size()).isPositive();

    String tampered = url.replace(id.toString(), UUID.randomUUID().toString());
    assertThat(put(tampered, TestImages.jpeg(40, 30, Color.GREEN)).statusCode()).isEqualTo(403);
  }

  @Test
  void shouldProcessAnUploadedImageOnceAndAnswer409TheSecondTime() throws Exception {
    UUID id = uploadViaPresignedPut(TestImages.jpeg(120, 80, Color.BLUE));

    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      HttpResponse<String> first = process(id, "blue.jpg");
      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(first.headers().firstValue("Location")).contains("/api/v1/images/" + id);
      JsonNode image = json.readValue(first.body(), JsonNode.class);
      assertThat(image.get("status").getStringValue()).isEqualTo("pending");
      assertThat(image.get("filename").getStringValue()).isEqualTo("blue.jpg");
      assertThat(image.get("width").getIntValue()).isEqualTo(120);
      assertThat(image.get("height").getIntValue()).isEqualTo(80);
      assertThat(image.get("contentType").getStringValue()).isEqualTo("image/jpeg");

      JsonNode conflict = assertProblem(json, process(id, "blue.jpg"), 409, "conflict");
      assertThat(conflict.get("detail").getStringValue()).contains("already pending");

      commands.await(r -> r.key().equals(id.toString()), Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).until(() -> outboxBacklog() == 0);
      commands.await(r -> false, Duration.ofMillis(500));
    } catch (AssertionError expectedNoMore) {
      // the last await fails by design once nothing more arrives; count what did
    }
    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      commands.await(r -> r.key().equals(id.toString()), Duration.ofSeconds(30));
      assertThat(commands.seen().stream().filter(r -> r.key().equals(id.toString()))).hasSize(1);
    }
  }

  @Test
  void shouldAnswer404BeforeAnythingWasUploadedAndForAnUnknownImage() throws Exception {
    UUID id = newUploadUrl("png");

    JsonNode problem = assertProblem(json, process(id, "x.png"), 404, "not-found");
    assertThat(problem.get("detail").getStringValue()).contains("Nothing has been uploaded");
    assertProblem(json, process(UUID.randomUUID(), "x.png"), 404, "not-found");
  }

  @Test
  void shouldAnswer415WhenTheUploadedBytesAreNotAnImage() throws Exception {
    UUID id = uploadViaPresignedPut("definitely not a jpeg".getBytes());

    assertProblem(json, process(id, "fake.jpg"), 415, "unsupported-media-type");
    JsonNode image = json.readValue(http().get("/api/v1/images/" + id).body(), JsonNode.class);
    assertThat(image.get("status").getStringValue()).isEqualTo("awaiting_upload");
    assertThat(originalStored(id)).as("what process refused is removed").isFalse();
  }

  @Test
  void shouldAnswer413WhenTheUploadIsOverTheLimit() throws Exception {
    byte[] big = new byte[LIMIT + 1];
    byte[] jpeg = TestImages.jpeg(10, 10, Color.RED);
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    UUID id = uploadViaPresignedPut(big);

    assertProblem(json, process(id, "big.jpg"), 413, "payload-too-large");
    assertThat(originalStored(id)).as("what process refused is removed").isFalse();
  }

  private boolean originalStored(UUID id) throws Exception {
    return !stack()
        .objectKeys(
            io.darkroom.stack.EmbeddedStack.UPLOADS_BUCKET, ObjectKeys.original("local", id))
        .isEmpty();
  }

  @Test
  void shouldAnswer413ForADecompressionBombFromItsHeaderAlone() throws Exception {
    UUID id = uploadViaPresignedPut(TestImages.pngHeaderClaiming(65_000, 65_000));

    JsonNode problem = assertProblem(json, process(id, "bomb.png"), 413, "payload-too-large");
    assertThat(problem.get("detail").getStringValue()).contains("65000x65000");
    assertThat(originalStored(id)).isFalse();
  }

  @Test
  void shouldAnswer400NamingTheFieldForAnUnknownExtensionOrMismatchedType() throws Exception {
    JsonNode unknown =
        assertProblem(
            json, http().get("/api/v1/images/actions/upload-url?extension=svg"), 400, "validation");
    assertThat(fields(unknown)).containsExactly("extension");

    JsonNode mismatch =
        assertProblem(
            json,
            http().get("/api/v1/images/actions/upload-url?extension=jpg&contentType=image/png"),
            400,
            "validation");
    assertThat(fields(mismatch)).containsExactly("contentType");

    JsonNode missing =
        assertProblem(json, http().get("/api/v1/images/actions/upload-url"), 400, "validation");
    assertThat(fields(missing)).containsExactly("extension");
  }

  @Test
  void shouldAnswer400NamingTheFieldsOfAnInvalidProcessBody() throws Exception {
    UUID id = newUploadUrl("jpg");
    HttpResponse<String> response =
        http()
            .postJson(
                "/api/v1/images/actions/process",
                "{\"uuid\":\""
                    + id
                    + "\",\"filename\":\"\",\"renditions\":[{\"name\":\"Bad Name!\",\"width\":0}]}");

    JsonNode problem = assertProblem(json, response, 400, "validation");
    assertThat(fields(problem)).contains("filename", "renditions[0].name", "renditions[0].width");
  }

  /**
   * A client may store its bytes with any Content-Type (here text/html): the original is still
   * served as the type its bytes were sniffed as, and as an attachment, so storage never renders a
   * page from an upload.
   */
  @Test
  void shouldServeTheOriginalAsItsSniffedTypeAndAsAnAttachmentWhateverTheClientStoredItAs()
      throws Exception {
    HttpResponse<String> url = http().get("/api/v1/images/actions/upload-url?extension=jpg");
    JsonNode body = json.readValue(url.body(), JsonNode.class);
    UUID id = UUID.fromString(body.get("uuid").getStringValue());
    HttpResponse<String> stored =
        http()
            .send(
                HttpRequest.newBuilder(URI.create(body.get("presignedUrl").getStringValue()))
                    .header("Content-Type", "text/html")
                    .PUT(
                        HttpRequest.BodyPublishers.ofByteArray(
                            TestImages.jpeg(40, 30, Color.GREEN)))
                    .build());
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(process(id, "page.html").statusCode()).isEqualTo(202);

    HttpResponse<String> redirect = http().get("/api/v1/images/" + id + "/original");
    assertThat(redirect.statusCode()).isEqualTo(302);
    HttpResponse<byte[]> download =
        java.net.http.HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").get()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"" + id + ".jpg\"");
  }

  private UUID newUploadUrl(String extension) throws Exception {
    HttpResponse<String> response =
        http().get("/api/v1/images/actions/upload-url?extension=" + extension);
    assertThat(response.statusCode()).isEqualTo(200);
    return UUID.fromString(
        json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue());
  }

  private UUID uploadViaPresignedPut(byte[] content) throws Exception {
    HttpResponse<String> response = http().get("/api/v1/images/actions/upload-url?extension=jpg");
    JsonNode body = json.readValue(response.body(), JsonNode.class);
    assertThat(put(body.get("presignedUrl").getStringValue(), content).statusCode()).isEqualTo(200);
    return UUID.fromString(body.get("uuid").getStringValue());
  }

  private HttpResponse<String> put(String url, byte[] content) {
    return http()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "image/jpeg")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content))
                .build());
  }

  private HttpResponse<String> process(UUID id, String filename) {
    return http()
        .postJson(
            "/api/v1/images/actions/process",
            "{\"uuid\":\"" + id + "\",\"filename\":\"" + filename + "\"}");
  }

  private long outboxBacklog() throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack().jdbcUrl(), stack().jdbcUser(), stack().jdbcPassword());
        ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM outbox_messages")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
