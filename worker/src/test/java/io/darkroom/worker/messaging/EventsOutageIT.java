package io.darkroom.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.Topics;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TopicProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The events topic failing while commands still arrive: the worker cannot report anything, not even
 * a failure. It counts that give-up as unreported (the api's processing timeout gives the image its
 * reason) and goes on: the partition is not stalled once the topic is back.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsOutageIT implements EmbeddedStackSupport {
  @Inject ObjectMapper json;
  @Inject MeterRegistry metrics;

  @Override
  public Map<String, String> extraProperties() {
    // retries and publishing give up quickly, so the test reaches "could not even be reported"
    return Map.of(
        "darkroom.worker.retry.count", "1",
        "darkroom.worker.retry.delay", "100ms",
        "kafka.producers.events.max.block.ms", "1000",
        "kafka.producers.events.request.timeout.ms", "1000",
        "kafka.producers.events.delivery.timeout.ms", "2000");
  }

  @Test
  void shouldCountAnUnreportableGiveUpAndGoOnWithThePartitionWhenTheTopicIsBack() throws Exception {
    CommandFixtures fixtures = new CommandFixtures(stack(), json, "events-outage-it");
    ProcessImageCommand lost = fixtures.stored(fixtures.idOnPartition(2));
    ProcessImageCommand next = fixtures.stored(fixtures.idOnPartition(2));
    try (Admin admin = admin()) {
      admin.deleteTopics(Set.of(Topics.EVENTS)).all().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !admin.listTopics().names().get().contains(Topics.EVENTS));
      try {
        fixtures.send(lost);
        // processing works, publishing does not: retried, given up, and the failure report fails
        await().atMost(Duration.ofSeconds(60)).until(() -> giveUps("false") >= 1);
        assertThat(giveUps("true")).isZero();
      } finally {
        admin
            .createTopics(List.of(new NewTopic(Topics.EVENTS, stack().partitions(), (short) 1)))
            .all()
            .get();
      }
    }

    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
      fixtures.send(next);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> !fixtures.outcomes(events, next.imageId()).isEmpty());
      assertThat(fixtures.outcomes(events, next.imageId()))
          .first()
          .isInstanceOf(ImageProcessed.class);
    }
  }

  private double giveUps(String reported) {
    var counter = metrics.find("darkroom.worker.gave.up").tag("reported", reported).counter();
    return counter == null ? 0 : counter.count();
  }

  private Admin admin() {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack().kafkaBootstrapServers()));
  }
}
