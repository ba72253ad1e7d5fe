package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.HostileFiles;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What one user can do to the api with direct uploads: every refusal is a 4xx (or a 503 to come
 * back later) and leaves nothing in storage.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UploadAbuseIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of("darkroom.upload.concurrent-multipart-uploads", "1");
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldRefuseAMultipartDescriptionOverTheLimitJsonBodiesHave() throws Exception {
    int before = storedOriginals();
    var response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("a.jpg", "image/jpeg", TestImages.jpeg(8, 8, Color.RED)),
                Part.field("description", "x".repeat(2001)));

    assertProblem(json, response, 400, "validation");
    assertThat(response.body()).contains("description");
    assertThat(storedOriginals()).isEqualTo(before);
  }

  @Test
  void shouldRefuseTheBmpBombAtUploadWith415AndKeepNothing() throws Exception {
    byte[] bomb = HostileFiles.named("bmp-embedded-png-huge-size.bmp").bytes(); // 118 bytes
    int before = storedOriginals();

    var response =
        http()
            .postMultipart("/api/v1/images/actions/upload", Part.file("x.bmp", "image/bmp", bomb));

    assertProblem(json, response, 415, "unsupported-media-type");
    assertThat(response.body()).contains("embed a PNG");
    assertThat(storedOriginals()).isEqualTo(before);
  }

  @Test
  void shouldRefuseTooManyPixelsAtUploadAsThePresignedPathDoes() throws Exception {
    int before = storedOriginals();
    var response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("bomb.png", "image/png", TestImages.pngHeaderClaiming(30_000, 30_000)));

    assertProblem(json, response, 413, "payload-too-large");
    assertThat(storedOriginals()).isEqualTo(before);
  }

  @Test
  void shouldDecodeBase64AsAStreamAndKeepNothingWhenItsChecksumDoesNotMatch() throws Exception {
    byte[] png = TestImages.png(40, 30, Color.ORANGE);
    String content = Base64.getMimeEncoder().encodeToString(png); // with line breaks
    int before = storedOriginals();

    var wrong =
        http()
            .postJson(
                "/api/v1/images/actions/upload",
                "{\"filename\":\"o.png\",\"content\":\""
                    + content.replace("\r\n", "\\r\\n")
                    + "\",\"md5\":\"00000000000000000000000000000000\"}");
    assertProblem(json, wrong, 422, "checksum-mismatch");
    assertThat(storedOriginals()).isEqualTo(before);

    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(png));
    var right =
        http()
            .postJson(
                "/api/v1/images/actions/upload",
                "{\"filename\":\"o.png\",\"content\":\""
                    + content.replace("\r\n", "\\r\\n")
                    + "\",\"md5\":\""
                    + md5
                    + "\"}");
    assertThat(right.statusCode()).as(right.body()).isEqualTo(202);
    assertThat(json.readValue(right.body(), JsonNode.class).get("bytes").getLongValue())
        .isEqualTo(png.length);
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenEveryUploadSlotIsTaken() throws Exception {
    // The first upload holds the only slot while its body trickles in, on a plain socket.
    String boundary = "----slow";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] photo = TestImages.jpeg(16, 16, Color.GREEN);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    Socket slow = new Socket(server.getHost(), server.getPort());
    OutputStream feed = slow.getOutputStream();
    feed.write(
        ("POST /api/v1/images/actions/upload HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary="
                + boundary
                + "\r\nContent-Length: "
                + (head.length + photo.length + tail.length)
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    feed.write(head);
    feed.flush();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var second =
                  http()
                      .postMultipart(
                          "/api/v1/images/actions/upload",
                          Part.file("b.jpg", "image/jpeg", TestImages.jpeg(8, 8, Color.BLUE)));
              if (second.statusCode() != 503) {
                return false;
              }
              assertProblem(json, second, 503, "service-unavailable");
              assertThat(second.headers().firstValue("Retry-After")).contains("2");
              return true;
            });

    feed.write(photo);
    feed.write(tail);
    feed.flush();
    String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    slow.close();
    assertThat(answer).startsWith("HTTP/1.1 202");
    // and the slot is free again
    var third =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("c.jpg", "image/jpeg", TestImages.jpeg(8, 8, Color.BLUE)));
    assertThat(third.statusCode()).as(third.body()).isEqualTo(202);
  }

  private int storedOriginals() throws Exception {
    return stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, "").size();
  }
}
