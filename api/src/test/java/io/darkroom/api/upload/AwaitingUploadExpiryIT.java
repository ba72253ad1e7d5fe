package io.darkroom.api.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwaitingUploadExpiryIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.upload.awaiting-upload-ttl", "8s",
        "darkroom.upload.expiry-check-interval", "250ms",
        "darkroom.upload.presign-expiry", "6s");
  }

  @Test
  void shouldExpireAnImageNeverProcessedAndRemoveWhatWasUploaded() throws Exception {
    TestHttp http = new TestHttp(server.getURI());
    byte[] jpeg = TestImages.jpeg(10, 10, Color.RED);
    JsonNode url =
        json.readValue(
            http.get("/api/v1/images/actions/upload-url?extension=jpg&size=" + jpeg.length).body(),
            JsonNode.class);
    UUID id = UUID.fromString(url.get("uuid").getStringValue());
    int put =
        http.send(
                HttpRequest.newBuilder(URI.create(url.get("presignedUrl").getStringValue()))
                    .header("Content-Type", "image/jpeg")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                    .build())
            .statusCode();
    assertThat(put).isEqualTo(200);
    assertThat(objectExists(ObjectKeys.upload("local", id))).isTrue();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> http.get("/api/v1/images/" + id).statusCode() == 404);
    assertThat(objectExists(ObjectKeys.upload("local", id))).isFalse();
  }

  @Test
  void shouldHaveStorageRefuseAnExpiredPresignedUrl() throws Exception {
    TestHttp http = new TestHttp(server.getURI());
    JsonNode url =
        json.readValue(
            http.get("/api/v1/images/actions/upload-url?extension=jpg&size=1").body(),
            JsonNode.class);
    URI presigned = URI.create(url.get("presignedUrl").getStringValue());
    HttpRequest put =
        HttpRequest.newBuilder(presigned)
            .header("Content-Type", "image/jpeg")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1}))
            .build();
    assertThat(http.send(put).statusCode()).as("the URL works while it is valid").isEqualTo(200);

    await().atMost(Duration.ofSeconds(30)).until(() -> http.send(put).statusCode() == 403);
  }

  private boolean objectExists(String key) throws Exception {
    try {
      stack()
          .s3Client()
          .statObject(
              StatObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }
}
