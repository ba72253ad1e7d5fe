package io.darkroom.api.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.SourceFormat;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.StatObjectArgs;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectUploadIT implements EmbeddedStackSupport {
  private static final int LIMIT = 200 * 1024;

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of("darkroom.upload.direct-max-bytes", String.valueOf(LIMIT));
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldStoreTheOriginalRecordThePendingImageAndPublishItsCommand() throws Exception {
    byte[] jpeg = TestImages.jpeg(64, 48, Color.RED);

    HttpResponse<String> response;
    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      response =
          http()
              .postMultipart(
                  "/api/v1/images/actions/upload",
                  Part.field("description", "a red square"),
                  Part.file("../../etc/passwd.jpg", "image/jpeg", jpeg));

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
      JsonNode body = json.readValue(response.body(), JsonNode.class);
      UUID id = UUID.fromString(body.get("uuid").getStringValue());
      assertThat(response.headers().firstValue("Location")).contains("/api/v1/images/" + id);
      assertThat(body.get("status").getStringValue()).isEqualTo("pending");
      assertThat(body.get("filename").getStringValue()).isEqualTo("passwd.jpg");
      assertThat(body.get("description").getStringValue()).isEqualTo("a red square");
      assertThat(body.get("contentType").getStringValue()).isEqualTo("image/jpeg");
      assertThat(body.get("bytes").getLongValue()).isEqualTo(jpeg.length);
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg));
      assertThat(body.get("sha256").getStringValue()).isEqualTo(sha256);

      String key = ObjectKeys.original("local", id);
      var stat =
          stack()
              .s3Client()
              .statObject(
                  StatObjectArgs.builder()
                      .bucket(EmbeddedStack.UPLOADS_BUCKET)
                      .object(key)
                      .build());
      assertThat(stat.size()).isEqualTo(jpeg.length);

      var record = commands.await(r -> r.key().equals(id.toString()), Duration.ofSeconds(30));
      ProcessImageCommand command = json.readValue(record.value(), ProcessImageCommand.class);
      assertThat(command.imageId()).isEqualTo(id);
      assertThat(command.ownerId()).isEqualTo("local");
      assertThat(command.source().bucket()).isEqualTo(EmbeddedStack.UPLOADS_BUCKET);
      assertThat(command.source().key()).isEqualTo(key);
      assertThat(command.source().bytes()).isEqualTo(jpeg.length);
      assertThat(command.source().contentType()).isEqualTo(SourceFormat.JPEG.mediaType());
      assertThat(command.renditions()).extracting(r -> r.name()).contains("thumbnail");
    }
  }

  @Test
  void shouldTakeFieldsSentAfterTheFileAndCustomRenditions() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("late.png", "image/png", TestImages.png(50, 50, Color.BLUE)),
                Part.field("description", "sent after the file"),
                Part.field(
                    "renditions",
                    "[{\"name\":\"card\",\"width\":40,\"fit\":\"cover\",\"height\":30}]"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode body = json.readValue(response.body(), JsonNode.class);
    assertThat(body.get("description").getStringValue()).isEqualTo("sent after the file");
    assertThat(body.get("contentType").getStringValue()).isEqualTo("image/png");
  }

  @Test
  void shouldRefuseInvalidRenditionsWith400NamingTheFieldAndKeepNothing() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.field("renditions", "[{\"name\":\"card\"}]"),
                Part.file("x.png", "image/png", TestImages.png(10, 10, Color.BLUE)));

    assertProblem(response, 400, "https://darkroom.dev/problems/validation");
    assertThat(
            json.readValue(response.body(), JsonNode.class)
                .get("errors")
                .get(0)
                .get("field")
                .getStringValue())
        .isEqualTo("renditions[0]");
  }

  /** The same rules and report as a JSON body's renditions: every violation, not the first. */
  @Test
  void shouldReportEveryInvalidRenditionInTheMultipartFieldAtOnce() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.field(
                    "renditions",
                    "[{\"name\":\"Bad Name\",\"width\":0},{\"name\":\"ok\",\"quality\":101,"
                        + "\"width\":10}]"),
                Part.file("x.png", "image/png", TestImages.png(10, 10, Color.BLUE)));

    assertProblem(response, 400, "https://darkroom.dev/problems/validation");
    List<String> fields = new ArrayList<>();
    json.readValue(response.body(), JsonNode.class)
        .get("errors")
        .values()
        .forEach(e -> fields.add(e.get("field").getStringValue()));
    assertThat(fields)
        .containsExactly("renditions[0].name", "renditions[0].width", "renditions[1].quality");
  }

  @Test
  void shouldRefuseAFileThatIsNotAnImageWhateverItsNameWith415() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("photo.jpg", "image/jpeg", "just some text".getBytes()));

    assertProblem(response, 415, "https://darkroom.dev/problems/unsupported-media-type");
  }

  @Test
  void shouldRefuseAnEmptyFileWith400() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload", Part.file("empty.jpg", "image/jpeg", new byte[0]));

    assertProblem(response, 400, "https://darkroom.dev/problems/bad-request");
    assertThat(json.readValue(response.body(), JsonNode.class).get("detail").getStringValue())
        .contains("empty");
  }

  @Test
  void shouldRefuseARequestWithoutAFileWith400() throws Exception {
    HttpResponse<String> response =
        http().postMultipart("/api/v1/images/actions/upload", Part.field("description", "no file"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void shouldRefuseAFileOverTheLimitWith413AndKeepNothing() throws Exception {
    byte[] big = new byte[LIMIT + 64 * 1024];
    new Random(7).nextBytes(big);
    big[0] = (byte) 0xFF;
    big[1] = (byte) 0xD8;
    big[2] = (byte) 0xFF;

    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload", Part.file("big.jpg", "image/jpeg", big));

    assertProblem(response, 413, "https://darkroom.dev/problems/payload-too-large");
  }

  @Test
  void shouldAnswer404ProblemForAnUnknownImage() throws Exception {
    HttpResponse<String> response = http().get("/api/v1/images/" + UUID.randomUUID());

    assertProblem(response, 404, "https://darkroom.dev/problems/not-found");
  }

  @Test
  void shouldAnswer400ProblemForAMalformedId() throws Exception {
    HttpResponse<String> response = http().get("/api/v1/images/not-a-uuid");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  private void assertProblem(HttpResponse<String> response, int status, String type)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode problem = json.readValue(response.body(), JsonNode.class);
    assertThat(problem.get("type").getStringValue()).isEqualTo(type);
    assertThat(problem.get("status").getIntValue()).isEqualTo(status);
    assertThat(problem.get("title").getStringValue()).isNotBlank();
    assertThat(problem.get("detail").getStringValue()).isNotBlank();
  }
}
