package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The POST policy is enforced by the S3 server itself, not by the api: these tests post to storage.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadFormIT implements EmbeddedStackSupport {
  private static final int LIMIT = 200 * 1024;

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
  void shouldLetStorageAcceptAPostWithinThePolicyAndThenProcessIt() throws Exception {
    byte[] png = TestImages.png(60, 40, Color.ORANGE);
    JsonNode form = form("orange.png", "image/png", png.length);
    UUID id = UUID.fromString(form.get("uuid").getStringValue());

    HttpResponse<String> stored = postToStorage(form, "image/png", png);
    assertThat(stored.statusCode()).as(stored.body()).isBetween(200, 204);

    HttpResponse<String> processed =
        http()
            .postJson(
                "/api/v1/images/actions/process",
                "{\"uuid\":\"" + id + "\",\"filename\":\"orange.png\"}");
    assertThat(processed.statusCode()).isEqualTo(202);
    JsonNode image = json.readValue(processed.body(), JsonNode.class);
    assertThat(image.get("contentType").getStringValue()).isEqualTo("image/png");
    assertThat(image.get("width").getIntValue()).isEqualTo(60);
  }

  @Test
  void shouldHaveStorageRefuseAFileOverThePolicySize() throws Exception {
    byte[] big = new byte[LIMIT + 10_000];
    JsonNode form = form("big.jpg", "image/jpeg", 1000);

    HttpResponse<String> refused = postToStorage(form, "image/jpeg", big);

    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("EntityTooLarge");
  }

  /**
   * Far over the policy, and over what the server buffers: still a 4xx S3 error that says why (the
   * server once ran out of memory and told the client to try again), and nothing stored.
   */
  @Test
  void shouldHaveStorageRefuseAPostFarOverThePolicyWithAClientErrorAndStoreNothing()
      throws Exception {
    for (int size : new int[] {30_000_000, 60_000_000}) {
      JsonNode form = form("huge.jpg", "image/jpeg", 1000);
      UUID id = UUID.fromString(form.get("uuid").getStringValue());

      TestHttp.RawAnswer refused = postToStorageOverSocket(form, new byte[size]);

      assertThat(refused.status()).as(size + " bytes: " + refused.body()).isEqualTo(400);
      assertThat(refused.body()).containsAnyOf("EntityTooLarge", "MaxMessageLengthExceeded");
      assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, ObjectKeys.upload("local", id)))
          .isEmpty();
    }
  }

  @Test
  void shouldHaveStorageRefuseAnotherContentTypeThanThePolicyNames() throws Exception {
    JsonNode form = form("x.jpg", "image/jpeg", 1000);

    HttpResponse<String> refused = postToStorage(form, "text/html", "<script>".getBytes());

    assertThat(refused.statusCode()).isEqualTo(403);
  }

  @Test
  void shouldAnswer415ForATypeThatIsNotASupportedImageAnd413ForADeclaredSizeOverTheLimit() {
    assertProblem(
        json,
        http()
            .postJson(
                "/api/v1/images/actions/upload-form",
                "{\"filename\":\"a.svg\",\"contentType\":\"image/svg+xml\",\"size\":10}"),
        415,
        "unsupported-media-type");
    assertProblem(
        json,
        http()
            .postJson(
                "/api/v1/images/actions/upload-form",
                "{\"filename\":\"a.jpg\",\"contentType\":\"image/jpeg\",\"size\":"
                    + (LIMIT + 1)
                    + "}"),
        413,
        "payload-too-large");
  }

  private JsonNode form(String filename, String contentType, long size) throws Exception {
    HttpResponse<String> response =
        http()
            .postJson(
                "/api/v1/images/actions/upload-form",
                "{\"filename\":\""
                    + filename
                    + "\",\"contentType\":\""
                    + contentType
                    + "\",\"size\":"
                    + size
                    + "}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readValue(response.body(), JsonNode.class);
  }

  /**
   * What a browser does with the form: every field as given (Content-Type as sent), then the file.
   */
  private HttpResponse<String> postToStorage(JsonNode form, String contentType, byte[] file) {
    URI url = URI.create(form.get("url").getStringValue());
    return new TestHttp(url).postMultipart(url.getPath(), formParts(form, contentType, file));
  }

  /** The same for a body the server refuses before reading it (see TestHttp). */
  private TestHttp.RawAnswer postToStorageOverSocket(JsonNode form, byte[] file) {
    URI url = URI.create(form.get("url").getStringValue());
    return new TestHttp(url)
        .postMultipartExpectingEarlyAnswer(url.getPath(), formParts(form, "image/jpeg", file));
  }

  private static Part[] formParts(JsonNode form, String contentType, byte[] file) {
    List<Part> parts = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : form.get("fields").entries()) {
      String value =
          field.getKey().equals("Content-Type") ? contentType : field.getValue().getStringValue();
      parts.add(Part.field(field.getKey(), value));
    }
    parts.add(Part.file("upload", contentType, file));
    return parts.toArray(Part[]::new);
  }
}
