package io.darkroom.local;

import static org.awaitility.Awaitility.await;

import io.darkroom.testkit.TestHttp;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.time.Duration;

/** Reading an image's status from the running product, as a client polls it. */
final class ImageStatus {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private ImageStatus() {}

  /** The image once it is succeeded or failed; fails the test if that takes longer than given. */
  static JsonNode awaitFinal(TestHttp http, String id, Duration within) {
    return await()
        .atMost(within)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> JSON.readValue(http.get("/api/v1/images/" + id).body(), JsonNode.class),
            image -> {
              String status = image.get("status").getStringValue();
              return status.equals("succeeded") || status.equals("failed");
            });
  }
}
