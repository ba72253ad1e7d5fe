package io.darkroom.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.api.support.Images;
import io.darkroom.api.support.Problems;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.Topics;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageEventsIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Override
  public Map<String, String> extraProperties() {
    // an image with no outcome for 6 s fails: far longer than any event here takes to arrive
    return Map.of(
        "darkroom.processing.timeout", "6s",
        "darkroom.processing.queue-timeout", "6s",
        "darkroom.processing.timeout-check-interval", "200ms");
  }

  @Test
  void shouldMarkTheImageSucceededWithItsRenditionsAndIgnoreLaterOrRepeatedEvents()
      throws Exception {
    UUID id = uploadPendingImage();
    ImageProcessed processed = processed(id);

    publish(processed);
    JsonNode image = awaitStatus(id, "succeeded");
    assertThat(image.get("width").getIntValue()).isEqualTo(64);
    assertThat(image.get("height").getIntValue()).isEqualTo(48);
    assertThat(image.get("completedAt")).isNotNull();
    JsonNode rendition = image.get("renditions").get(0);
    assertThat(rendition.get("name").getStringValue()).isEqualTo("thumbnail");
    assertThat(rendition.get("format").getStringValue()).isEqualTo("jpeg");
    assertThat(rendition.get("url").getStringValue())
        .isEqualTo("/api/v1/images/" + id + "/renditions/thumbnail");

    // A duplicate, then a late failure for the same image: neither may move it.
    publish(processed);
    publish(failed(id));
    // The failure is the last record of its partition: once the api has committed past it, it was
    // applied.
    awaitConsumed(id);
    assertThat(get(id).get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(get(id).get("failure").isNull()).isTrue();
  }

  @Test
  void shouldMarkTheImageProcessingWhenAWorkerStartsOnItAndLeaveAFinalImageAlone()
      throws Exception {
    UUID id = uploadPendingImage();

    publish(started(id));
    awaitStatus(id, "processing");
    publish(processed(id));
    awaitStatus(id, "succeeded");
    publish(started(id)); // a late or repeated notice
    awaitConsumed(id);
    assertThat(get(id).get("status").getStringValue()).isEqualTo("succeeded");
  }

  @Test
  void shouldMarkTheImageFailedWithItsReason() throws Exception {
    UUID id = uploadPendingImage();

    publish(failed(id));

    JsonNode image = awaitStatus(id, "failed");
    assertThat(image.get("failure").get("code").getStringValue()).isEqualTo("corrupt_image");
    assertThat(image.get("failure").get("detail").getStringValue())
        .isEqualTo("The image data is truncated.");
  }

  @Test
  void shouldParkAnUnreadableEventInTheDeadLetterTopicAndApplyTheNextOne() throws Exception {
    UUID id = uploadPendingImage();

    try (TopicProbe deadLetters = new TopicProbe(stack(), Topics.EVENTS_DEAD_LETTER)) {
      TopicProbe.send(stack(), Topics.EVENTS, id.toString(), "{\"type\":\"Nonsense\"}");
      publish(failed(id)); // same key, same partition, right behind the unreadable one

      var parked = deadLetters.await(r -> id.toString().equals(r.key()), Duration.ofSeconds(30));
      assertThat(parked.value()).isEqualTo("{\"type\":\"Nonsense\"}");
      awaitStatus(id, "failed");
    }
  }

  @Test
  void shouldFailAnImageWithNoOutcomeWithinTheTimeoutAndLetALateOutcomeReplaceIt()
      throws Exception {
    UUID id = uploadPendingImage();

    JsonNode timedOut = awaitStatus(id, "failed");
    assertThat(timedOut.get("failure").get("code").getStringValue())
        .isEqualTo("processing_timeout");
    assertThat(timedOut.get("failure").get("detail").getStringValue())
        .isEqualTo("No worker took it within 6 s of the request; retry it.");

    publish(processed(id));
    JsonNode late = awaitStatus(id, "succeeded");
    assertThat(late.get("failure").isNull()).isTrue();
    assertThat(late.get("renditions").size()).isEqualTo(1);
  }

  @Test
  void shouldLetALaterOutcomeReplaceARetryableFailureButNotAPermanentOne() throws Exception {
    UUID id = uploadPendingImage();

    publish(failed(id, FailureCode.STORAGE_UNAVAILABLE, "Storage was unreachable.", true));
    assertThat(awaitStatus(id, "failed").get("failure").get("retryable").getBooleanValue())
        .isTrue();
    publish(failed(id)); // a permanent reason replaces a retryable one
    await().atMost(Duration.ofSeconds(30)).until(() -> "corrupt_image".equals(failureCode(id)));
    publish(processed(id)); // and is final: the same partition, applied in order
    awaitConsumed(id);
    assertThat(get(id).get("status").getStringValue()).isEqualTo("failed");
    assertThat(failureCode(id)).isEqualTo("corrupt_image");
  }

  private String failureCode(UUID id) throws Exception {
    JsonNode failure = get(id).get("failure");
    return failure.isNull() ? null : failure.get("code").getStringValue();
  }

  @Test
  void shouldSendATimedOutImageForProcessingAgainOnRetry() throws Exception {
    UUID id = uploadPendingImage();
    JsonNode timedOut = awaitStatus(id, "failed");
    assertThat(timedOut.get("failure").get("retryable").getBooleanValue()).isTrue();

    try (TopicProbe commands = new TopicProbe(stack(), Topics.COMMANDS)) {
      var response = http().postJson("/api/v1/images/" + id + "/actions/retry", "");
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      JsonNode retried = json.readValue(response.body(), JsonNode.class);
      assertThat(retried.get("status").getStringValue()).isEqualTo("pending");
      assertThat(retried.get("failure").isNull()).isTrue();

      // the upload's command and the retry's: the same original, two messages
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                commands.poll();
                return commands.seen().stream().filter(r -> r.key().equals(id.toString())).count()
                    == 2;
              });
      var second = http().postJson("/api/v1/images/" + id + "/actions/retry", "");
      Problems.assertProblem(json, second, 409, "conflict");
    }
    publish(processed(id));
    awaitStatus(id, "succeeded");
  }

  @Test
  void shouldRefuseToRetryAPermanentFailureOrAnUnknownImage() throws Exception {
    UUID id = uploadPendingImage();
    publish(failed(id));
    JsonNode image = awaitStatus(id, "failed");
    assertThat(image.get("failure").get("retryable").getBooleanValue()).isFalse();

    var response = http().postJson("/api/v1/images/" + id + "/actions/retry", "");
    Problems.assertProblem(json, response, 409, "conflict");
    assertThat(json.readValue(response.body(), JsonNode.class).get("detail").getStringValue())
        .contains("corrupt_image");
    assertThat(get(id).get("status").getStringValue()).isEqualTo("failed");
    Problems.assertProblem(
        json,
        http().postJson("/api/v1/images/" + UUID.randomUUID() + "/actions/retry", ""),
        404,
        "not-found");
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  private UUID uploadPendingImage() throws Exception {
    return Images.uploadPending(server.getURI(), json);
  }

  private ImageProcessed processed(UUID id) {
    return Images.processed(id);
  }

  private ImageProcessingStarted started(UUID id) {
    return new ImageProcessingStarted(
        SchemaVersion.CURRENT, UUID.randomUUID(), UUID.randomUUID(), id, "local", Instant.now());
  }

  private ImageProcessingFailed failed(UUID id) {
    return failed(id, FailureCode.CORRUPT_IMAGE, "The image data is truncated.", false);
  }

  private ImageProcessingFailed failed(
      UUID id, FailureCode code, String detail, boolean retryable) {
    return Images.failed(id, code, detail, retryable);
  }

  private void publish(ImageEvent event) throws Exception {
    TopicProbe.send(
        stack(), Topics.EVENTS, event.imageId().toString(), json.writeValueAsString(event));
  }

  private JsonNode get(UUID id) throws Exception {
    var response = new TestHttp(server.getURI()).get("/api/v1/images/" + id);
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readValue(response.body(), JsonNode.class);
  }

  private JsonNode awaitStatus(UUID id, String status) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> get(id), image -> status.equals(image.get("status").getStringValue()));
  }

  private void awaitConsumed(UUID id) {
    try (var admin = Admin.create(Map.of("bootstrap.servers", stack().kafkaBootstrapServers()))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                var committed =
                    admin
                        .listConsumerGroupOffsets("darkroom-api")
                        .partitionsToOffsetAndMetadata()
                        .get();
                var ends =
                    admin
                        .listOffsets(
                            committed.keySet().stream()
                                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all()
                        .get();
                return committed.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(Topics.EVENTS))
                    .allMatch(e -> e.getValue().offset() == ends.get(e.getKey()).offset());
              });
    }
  }
}
