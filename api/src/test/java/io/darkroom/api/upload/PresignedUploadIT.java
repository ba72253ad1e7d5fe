package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    byte[] content = TestImages.jpeg(40, 30, Color.GREEN);
    HttpResponse<String> response = http().get(uploadUrl("jpg", content.length));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json.readValue(response.body(), JsonNode.class);
    UUID id = UUID.fromString(body.get("uuid").getStringValue());
    assertThat(body.get("method").getStringValue()).isEqualTo("PUT");
    assertThat(body.get("headers").get("Content-Type").getStringValue()).isEqualTo("image/jpeg");
    assertThat(body.get("headers").get("Content-Length").getStringValue())
        .isEqualTo(String.valueOf(content.length));
    Instant expiresAt = Instant.parse(body.get("expiresAt").getStringValue());
    assertThat(expiresAt).isBetween(Instant.now().plusSeconds(60), Instant.now().plusSeconds(3600));
    String url = body.get("presignedUrl").getStringValue();
    assertThat(url)
        .contains(ObjectKeys.upload("local", id))
        .contains("X-Amz-Signature")
        .contains("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost");

    JsonNode image = json.readValue(http().get("/api/v1/images/" + id).body(), JsonNode.class);
    assertThat(image.get("status").getStringValue()).isEqualTo("awaiting_upload");

    assertThat(put(url, content, "image/jpeg").statusCode()).isEqualTo(200);
    var stat =
        stack()
            .s3Client()
            .statObject(
                StatObjectArgs.builder()
                    .bucket(EmbeddedStack.UPLOADS_BUCKET)
                    .object(ObjectKeys.upload("local", id))
                    .build());
    assertThat(stat.size()).isEqualTo(content.length);
    assertThat(stored(ObjectKeys.original("local", id)))
        .as("no client URL writes the checked original")
        .isFalse();

    String tampered = url.replace(id.toString(), UUID.randomUUID().toString());
    assertThat(put(tampered, content, "image/jpeg").statusCode()).isEqualTo(403);
  }

  /** What storage itself enforces of a presigned PUT: the signed length and the signed type. */
  @Test
  void shouldHaveStorageRefuseAPutOfAnotherLengthOrAnotherType() throws Exception {
    byte[] content = TestImages.jpeg(40, 30, Color.GREEN);
    JsonNode body =
        json.readValue(http().get(uploadUrl("jpg", content.length)).body(), JsonNode.class);
    UUID id = UUID.fromString(body.get("uuid").getStringValue());
    String url = body.get("presignedUrl").getStringValue();

    // storage answers 403 as soon as the signature fails, and may cut the connection before the
    // client has sent a megabyte: either way, it is refused
    byte[] longer = Arrays.copyOf(content, content.length + 1024 * 1024);
    assertThat(refusedOrCut(url, longer)).isTrue();
    byte[] shorter = Arrays.copyOf(content, content.length - 1);
    assertThat(put(url, shorter, "image/jpeg").statusCode()).isEqualTo(403);
    assertThat(put(url, content, "text/html").statusCode()).isEqualTo(403);
    assertThat(stored(ObjectKeys.upload("local", id))).isFalse();

    assertThat(put(url, content, "image/jpeg").statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAnswer400ForAPutUrlWithoutASizeAnd413ForOneOverTheLimit() throws Exception {
    JsonNode missing =
        assertProblem(
            json, http().get("/api/v1/images/actions/upload-url?extension=jpg"), 400, "validation");
    assertThat(fields(missing)).containsExactly("size");
    JsonNode zero = assertProblem(json, http().get(uploadUrl("jpg", 0)), 400, "validation");
    assertThat(fields(zero)).containsExactly("size");
    assertProblem(json, http().get(uploadUrl("jpg", LIMIT + 1)), 413, "payload-too-large");
  }

  /**
   * After process the client can no longer change what is processed: the checked bytes were copied
   * inside storage to a key no client URL writes, and the command, the download and the recorded
   * checksum all name that copy; a second PUT with the still valid URL changes none of it.
   */
  @Test
  void shouldProcessTheCheckedCopyWhateverTheClientPutsAfterwards() throws Exception {
    byte[] first = TestImages.jpeg(120, 80, Color.BLUE);
    byte[] second = Arrays.copyOf(TestImages.jpeg(30, 20, Color.RED), first.length);
    JsonNode body =
        json.readValue(http().get(uploadUrl("jpg", first.length)).body(), JsonNode.class);
    UUID id = UUID.fromString(body.get("uuid").getStringValue());
    String url = body.get("presignedUrl").getStringValue();
    assertThat(put(url, first, "image/jpeg").statusCode()).isEqualTo(200);

    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      assertThat(process(id, "blue.jpg").statusCode()).isEqualTo(202);
      var command = commands.await(r -> r.key().equals(id.toString()), Duration.ofSeconds(30));
      assertThat(command.value()).contains("\"key\":\"" + ObjectKeys.original("local", id) + "\"");
    }
    assertThat(stored(ObjectKeys.upload("local", id)))
        .as("the upload is removed once copied")
        .isFalse();

    assertThat(put(url, second, "image/jpeg").statusCode())
        .as("the URL is still valid, so storage takes the PUT")
        .isEqualTo(200);

    assertThat(download(id)).isEqualTo(first);
    assertThat(readObject(ObjectKeys.original("local", id))).isEqualTo(first);
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

  /**
   * Storage enforces the signed length, so an oversized upload reaches process only through a URL
   * issued before lengths were signed, or a store that does not check them: here, written straight
   * to the upload key. Process still refuses it, and removes it.
   */
  @Test
  void shouldAnswer413WhenTheUploadIsOverTheLimit() throws Exception {
    byte[] big = new byte[LIMIT + 1];
    byte[] jpeg = TestImages.jpeg(10, 10, Color.RED);
    System.arraycopy(jpeg, 0, big, 0, jpeg.length);
    UUID id = newUploadUrl("jpg");
    storeAsClient(id, big, "image/jpeg");

    assertProblem(json, process(id, "big.jpg"), 413, "payload-too-large");
    assertThat(originalStored(id)).as("what process refused is removed").isFalse();
  }

  private boolean originalStored(UUID id) throws Exception {
    return stored(ObjectKeys.original("local", id)) || stored(ObjectKeys.upload("local", id));
  }

  private boolean stored(String key) throws Exception {
    return stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, key).contains(key);
  }

  private byte[] readObject(String key) throws Exception {
    try (var in =
        stack()
            .s3Client()
            .getObject(
                GetObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).build())) {
      return in.readAllBytes();
    }
  }

  /** Stores bytes at an image's upload key as a client could with a URL that binds nothing. */
  private void storeAsClient(UUID id, byte[] content, String contentType) throws Exception {
    stack()
        .s3Client()
        .putObject(
            PutObjectArgs.builder()
                .bucket(EmbeddedStack.UPLOADS_BUCKET)
                .object(ObjectKeys.upload("local", id))
                .stream(new ByteArrayInputStream(content), (long) content.length, null)
                .contentType(contentType)
                .build());
  }

  private byte[] download(UUID id) throws Exception {
    HttpResponse<String> redirect = http().get("/api/v1/images/" + id + "/original");
    assertThat(redirect.statusCode()).isEqualTo(302);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").get()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
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
   * Storage refuses a presigned PUT of text/html (above); a store that did not, or a URL issued
   * before types were signed, could hold the bytes as text/html. The original is still served as
   * the type its bytes were sniffed as, and as an attachment, so storage never renders a page from
   * an upload.
   */
  @Test
  void shouldServeTheOriginalAsItsSniffedTypeAndAsAnAttachmentWhateverTheClientStoredItAs()
      throws Exception {
    UUID id = newUploadUrl("jpg");
    storeAsClient(id, TestImages.jpeg(40, 30, Color.GREEN), "text/html");
    assertThat(process(id, "page.html").statusCode()).isEqualTo(202);

    HttpResponse<String> redirect = http().get("/api/v1/images/" + id + "/original");
    assertThat(redirect.statusCode()).isEqualTo(302);
    HttpResponse<byte[]> download =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(redirect.headers().firstValue("Location").get()))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());

    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("image/jpeg");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=\"" + id + ".jpg\"");
  }

  private static String uploadUrl(String extension, long size) {
    return "/api/v1/images/actions/upload-url?extension=" + extension + "&size=" + size;
  }

  private UUID newUploadUrl(String extension) throws Exception {
    HttpResponse<String> response = http().get(uploadUrl(extension, 1000));
    assertThat(response.statusCode()).isEqualTo(200);
    return UUID.fromString(
        json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue());
  }

  private UUID uploadViaPresignedPut(byte[] content) throws Exception {
    HttpResponse<String> response = http().get(uploadUrl("jpg", content.length));
    JsonNode body = json.readValue(response.body(), JsonNode.class);
    assertThat(put(body.get("presignedUrl").getStringValue(), content, "image/jpeg").statusCode())
        .isEqualTo(200);
    return UUID.fromString(body.get("uuid").getStringValue());
  }

  /** True for a 403, or a connection storage closed mid-request; false for anything else. */
  private boolean refusedOrCut(String url, byte[] content) {
    try {
      return put(url, content, "image/jpeg").statusCode() == 403;
    } catch (UncheckedIOException cut) {
      return true;
    }
  }

  private HttpResponse<String> put(String url, byte[] content, String contentType) {
    return http()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
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
