package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Base64UploadIT implements EmbeddedStackSupport {
  private static final byte[] PNG = TestImages.png(30, 20, Color.MAGENTA);

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Test
  void shouldAcceptBase64ContentWhoseSha256Matches() throws Exception {
    HttpResponse<String> response =
        upload(Base64.getEncoder().encodeToString(PNG), "sha256", hex("SHA-256", PNG));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode image = json.readValue(response.body(), JsonNode.class);
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");
    assertThat(image.get("contentType").getStringValue()).isEqualTo("image/png");
    assertThat(image.get("sha256").getStringValue()).isEqualTo(hex("SHA-256", PNG));
  }

  @Test
  void shouldAnswer422WhenTheMd5DoesNotMatch() throws Exception {
    JsonNode problem =
        assertProblem(
            json,
            upload(Base64.getEncoder().encodeToString(PNG), "md5", hex("MD5", "other".getBytes())),
            422,
            "checksum-mismatch");
    assertThat(problem.get("detail").getStringValue()).contains(hex("MD5", PNG));
  }

  @Test
  void shouldAnswer400WithoutAChecksumOrWithInvalidBase64() throws Exception {
    HttpResponse<String> noChecksum =
        new TestHttp(server.getURI())
            .postJson(
                "/api/v1/images/actions/upload",
                "{\"filename\":\"a.png\",\"content\":\""
                    + Base64.getEncoder().encodeToString(PNG)
                    + "\"}");
    assertThat(fields(assertProblem(json, noChecksum, 400, "validation"))).containsExactly("md5");

    assertThat(
            fields(assertProblem(json, upload("@@not base64@@", "md5", "00"), 400, "validation")))
        .containsExactly("content");
  }

  @Test
  void shouldAnswer415ForBase64ContentThatIsNotAnImage() throws Exception {
    byte[] text = "hello".getBytes();
    assertProblem(
        json,
        upload(Base64.getEncoder().encodeToString(text), "md5", hex("MD5", text)),
        415,
        "unsupported-media-type");
  }

  private HttpResponse<String> upload(String content, String algorithm, String checksum) {
    return new TestHttp(server.getURI())
        .postJson(
            "/api/v1/images/actions/upload",
            "{\"filename\":\"m.png\",\"content\":\""
                + content
                + "\",\""
                + algorithm
                + "\":\""
                + checksum
                + "\"}");
  }

  private static String hex(String algorithm, byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
  }
}
