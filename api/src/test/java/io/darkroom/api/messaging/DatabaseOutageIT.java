package io.darkroom.api.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.api.support.Images;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.Topics;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL stopped while an outcome arrives, for longer than the api's event listener once
 * retried (12 attempts, then it committed past the record): the outcome waits, uncommitted, and is
 * applied once the database is back.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT implements EmbeddedStackSupport {
  /** What the listener once gave up after. */
  private static final int OLD_RETRY_COUNT = 12;

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject MeterRegistry metrics;

  @Override
  public Map<String, String> extraProperties() {
    // an attempt fails within a second of the database going away, so the test sees many of them
    return Map.of("datasources.default.connection-timeout", "1000");
  }

  @Test
  void shouldHoldAnOutcomeUncommittedThroughADatabaseOutageOfAnyLengthAndApplyItAfter()
      throws Exception {
    UUID id = uploadPendingImage();
    double deferredBefore = deferred();

    stack().postgres().stop();
    RecordMetadata sent;
    try {
      sent =
          TopicProbe.send(
              stack(), Topics.EVENTS, id.toString(), json.writeValueAsString(processed(id)));
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> deferred() - deferredBefore > OLD_RETRY_COUNT);
      assertThat(committed(sent))
          .as("the api never commits past an outcome it has not applied")
          .isLessThanOrEqualTo(sent.offset());
    } finally {
      stack().postgres().start();
    }

    JsonNode image =
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .until(() -> get(id), i -> "succeeded".equals(i.get("status").getStringValue()));
    assertThat(image.get("renditions").size()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(sent) == sent.offset() + 1);
  }

  private double deferred() {
    var counter = metrics.find("darkroom.events.deferred").counter();
    return counter == null ? 0 : counter.count();
  }

  private long committed(RecordMetadata record) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack().kafkaBootstrapServers()))) {
      var offset =
          admin
              .listConsumerGroupOffsets("darkroom-api")
              .partitionsToOffsetAndMetadata()
              .get()
              .get(new TopicPartition(record.topic(), record.partition()));
      return offset == null ? -1 : offset.offset();
    }
  }

  private UUID uploadPendingImage() throws Exception {
    return Images.uploadPending(server.getURI(), json);
  }

  private JsonNode get(UUID id) throws Exception {
    var response = new TestHttp(server.getURI()).get("/api/v1/images/" + id);
    assertThat(response.statusCode()).isEqualTo(200);
    return json.readValue(response.body(), JsonNode.class);
  }

  private ImageProcessed processed(UUID id) {
    return Images.processed(id);
  }
}
