package io.darkroom.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.api.support.Problems;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An image can time out while its command has not even left the api (the broker away longer than
 * the queue timeout). Retrying it then would queue a second command behind the first: the retry is
 * refused until the first is sent.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryWhileQueuedIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.processing.timeout", "2s",
        "darkroom.processing.queue-timeout", "2s",
        "darkroom.processing.timeout-check-interval", "200ms",
        "kafka.producers.outbox.max.block.ms", "1000");
  }

  @Test
  void shouldRefuseToRetryWhileTheImagesCommandIsStillWaitingToBeSent() throws Exception {
    TestHttp http = new TestHttp(server.getURI());
    String id;
    stack().kafkaBroker().stop();
    try {
      HttpResponse<String> upload =
          http.postMultipart(
              "/api/v1/images/actions/upload",
              TestHttp.Part.file("queued.jpg", "image/jpeg", TestImages.jpeg(32, 32, Color.RED)));
      assertThat(upload.statusCode()).isEqualTo(202);
      id = json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue();
      await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(status(http, id)));

      HttpResponse<String> retry = http.postJson("/api/v1/images/" + id + "/actions/retry", "");
      JsonNode problem = Problems.assertProblem(json, retry, 409, "conflict");
      assertThat(problem.get("detail").getStringValue())
          .contains("still has a processing command waiting to be sent");
    } finally {
      stack().kafkaBroker().start();
    }

    // once the first command is out, the image may be sent again
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> http.postJson("/api/v1/images/" + id + "/actions/retry", "").statusCode() == 202);
  }

  private String status(TestHttp http, String id) throws Exception {
    return json.readValue(http.get("/api/v1/images/" + id).body(), JsonNode.class)
        .get("status")
        .getStringValue();
  }
}
