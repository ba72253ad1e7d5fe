package io.darkroom.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.Topics;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Kafka going away loses nothing: uploads are still accepted (the command waits in the outbox, in
 * the same transaction as the image), and every waiting command is published once the broker is
 * back.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject OutboxRepository outbox;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of("darkroom.metrics.backlog-refresh", "200ms");
  }

  @Test
  void shouldAcceptUploadsWhileKafkaIsDownAndPublishTheirCommandsWhenItIsBack() throws Exception {
    TestHttp http = new TestHttp(server.getURI());
    List<String> ids = new ArrayList<>();
    stack().kafkaBroker().stop();
    try {
      for (Color color : new Color[] {Color.RED, Color.GREEN, Color.BLUE}) {
        HttpResponse<String> response =
            http.postMultipart(
                "/api/v1/images/actions/upload",
                TestHttp.Part.file("outage.jpg", "image/jpeg", TestImages.jpeg(32, 32, color)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json.readValue(response.body(), JsonNode.class);
        assertThat(body.get("status").getStringValue()).isEqualTo("pending");
        ids.add(body.get("uuid").getStringValue());
      }

      // the relay keeps trying; the commands stay in the outbox meanwhile
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> waitingKeys().containsAll(ids));
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                HttpResponse<String> health = http.get("/health");
                assertThat(health.statusCode()).isEqualTo(503);
                JsonNode details = json.readValue(health.body(), JsonNode.class).get("details");
                assertThat(details.get("kafka").get("status").getStringValue()).isEqualTo("DOWN");
              });
      // and operators see it: commands waiting, and an age that grows
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                String metrics = http.get("/prometheus").body();
                assertThat(metric(metrics, "darkroom_outbox_waiting")).isGreaterThanOrEqualTo(3);
                assertThat(metric(metrics, "darkroom_outbox_oldest_age_seconds")).isPositive();
                assertThat(metric(metrics, "darkroom_images_unfinished{status=\"pending\"}"))
                    .isGreaterThanOrEqualTo(3);
                assertThat(
                        metric(
                            metrics,
                            "darkroom_images_unfinished_oldest_age_seconds{status=\"pending\"}"))
                    .isPositive();
              });
    } finally {
      stack().kafkaBroker().start();
    }

    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      for (String id : ids) {
        commands.await(r -> r.key().equals(id), Duration.ofSeconds(60));
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> waitingKeys().stream().noneMatch(ids::contains));
    for (String id : ids) {
      HttpResponse<String> image = http.get("/api/v1/images/" + id);
      assertThat(json.readValue(image.body(), JsonNode.class).get("status").getStringValue())
          .isEqualTo("pending");
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/health").statusCode() == 200);
    // the gauge counts every row of the shared database: a batch an earlier test's api claimed and
    // never settled (killed mid-send) waits for its claim to lapse (3 x send-timeout, 45 s)
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> metric(http.get("/prometheus").body(), "darkroom_outbox_waiting") == 0);
  }

  /** The value of one series in the Prometheus text format, by its name and labels. */
  private static double metric(String exposition, String series) {
    return exposition
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " is not exported"));
  }

  private List<String> waitingKeys() {
    return StreamSupport.stream(outbox.findAll().spliterator(), false)
        .map(OutboxMessage::messageKey)
        .toList();
  }
}
