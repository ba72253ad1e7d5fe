package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.upload.MultipartParts.MIB;
import static io.darkroom.api.upload.MultipartParts.part;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The limits of resumable uploads, with small values: the total checked from the parts before they
 * are assembled, and uploads never completed aborted by the scheduled job, parts and image with
 * them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultipartLimitsIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject ObjectStorage storage;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.upload.multipart.max-bytes", "6MB",
        "darkroom.upload.multipart.abandon-after", "8s",
        "darkroom.upload.expiry-check-interval", "300ms");
  }

  @Test
  void shouldRefuseAFileOverTheLimitFromItsPartsAndRemoveIt() throws Exception {
    MultipartParts client = new MultipartParts(new TestHttp(server.getURI()), json);
    JsonNode upload = client.create("big.png", "image/png");
    String etag1 = client.upload(upload, 1, new byte[5 * MIB]);
    String etag2 = client.upload(upload, 2, new byte[2 * MIB]);

    assertProblem(
        json,
        client.complete(upload, "[" + part(1, etag1) + "," + part(2, etag2) + "]"),
        413,
        "payload-too-large");

    assertThat(partsLeft(upload)).as("its parts are removed").isEmpty();
    assertProblem(
        json,
        new TestHttp(server.getURI())
            .get("/api/v1/images/" + upload.get("imageId").getStringValue()),
        404,
        "not-found");
  }

  @Test
  void shouldAbortAnUploadNeverCompletedWithItsPartsAndImage() throws Exception {
    MultipartParts client = new MultipartParts(new TestHttp(server.getURI()), json);
    JsonNode upload = client.create("forgotten.png", "image/png");
    client.upload(upload, 1, new byte[1024]);
    String image = "/api/v1/images/" + upload.get("imageId").getStringValue();
    assertThat(new TestHttp(server.getURI()).get(image).statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> new TestHttp(server.getURI()).get(image).statusCode() == 404);

    assertThat(partsLeft(upload)).isEmpty();
    assertProblem(json, client.list(upload), 404, "not-found");
  }

  private List<ObjectStorage.StoredPart> partsLeft(JsonNode upload) {
    return storage
        .listParts(
            storage.uploadsBucket(),
            upload.get("key").getStringValue(),
            upload.get("uploadId").getStringValue())
        .orElse(List.of());
  }
}
