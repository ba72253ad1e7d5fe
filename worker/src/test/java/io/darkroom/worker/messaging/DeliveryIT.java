package io.darkroom.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TopicProbe;
import io.darkroom.worker.support.Commands;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.PutObjectArgs;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Delivery semantics against the real broker and S3 server: redelivery, poison messages, outages,
 * scaling.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryIT implements EmbeddedStackSupport {
  private static final String OWNER = "delivery-it";

  @Inject ObjectMapper json;
  @Inject MeterRegistry metrics;
  @Inject ApplicationContext context;
  private CommandFixtures fixtures;

  @BeforeAll
  void fixtures() {
    fixtures = new CommandFixtures(stack(), json, OWNER);
  }

  @Test
  void shouldOverwriteRatherThanDuplicateWhenACommandIsDeliveredTwice() throws Exception {
    ProcessImageCommand command = fixtures.stored(UUID.randomUUID());

    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
      fixtures.send(command);
      fixtures.send(command);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> fixtures.outcomes(events, command.imageId()).size() == 2);
      assertThat(fixtures.outcomes(events, command.imageId()))
          .allMatch(e -> e instanceof ImageProcessed);
    }
    assertThat(renditionKeys(command.imageId()))
        .containsExactlyInAnyOrder(
            ObjectKeys.rendition(
                ObjectKeys.imagePrefix(OWNER, command.imageId()), "thumbnail", OutputFormat.JPEG),
            ObjectKeys.rendition(
                ObjectKeys.imagePrefix(OWNER, command.imageId()), "small", OutputFormat.JPEG));
  }

  @Test
  void shouldParkAnUnreadableCommandInTheDeadLetterTopicAndGoOnWithThePartition() throws Exception {
    ProcessImageCommand command = fixtures.stored(UUID.randomUUID());
    String key = command.imageId().toString();
    double deadLetteredBefore = giveUps(metrics, "dead_letter");

    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS);
        TopicProbe deadLetters = new TopicProbe(stack(), Topics.COMMANDS_DEAD_LETTER)) {
      TopicProbe.send(stack(), Topics.COMMANDS, key, "this is not a command");
      fixtures.send(command); // same key, same partition, right behind the poison

      var parked = deadLetters.await(r -> key.equals(r.key()), Duration.ofSeconds(60));
      assertThat(parked.value()).isEqualTo("this is not a command");
      assertThat(
              new String(
                  parked.headers().lastHeader("x-dead-letter-reason").value(),
                  StandardCharsets.UTF_8))
          .isNotBlank();
      events.await(
          r -> key.equals(r.key()) && CommandFixtures.isOutcome(r), Duration.ofSeconds(60));
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> giveUps(metrics, "dead_letter") >= deadLetteredBefore + 1);
  }

  /**
   * A command whose original is not its own image's (another image's key, or a key of another
   * shape) would have this worker write renditions under someone else's prefix: it is parked, and
   * nothing is written.
   */
  @Test
  void shouldParkACommandWhoseOriginalIsAnotherImagesAndWriteNothing() throws Exception {
    ProcessImageCommand victim = fixtures.stored(UUID.randomUUID());
    UUID attackerId = UUID.randomUUID();
    ProcessImageCommand pointed = Commands.pointingAt(victim, attackerId, OWNER);
    String key = attackerId.toString();

    try (TopicProbe deadLetters = new TopicProbe(stack(), Topics.COMMANDS_DEAD_LETTER)) {
      TopicProbe.send(stack(), Topics.COMMANDS, key, json.writeValueAsString(pointed));

      var parked = deadLetters.await(r -> key.equals(r.key()), Duration.ofSeconds(60));
      assertThat(
              new String(
                  parked.headers().lastHeader("x-dead-letter-reason").value(),
                  StandardCharsets.UTF_8))
          .contains("not the original's key of image " + attackerId);
    }
    assertThat(renditionKeys(victim.imageId())).isEmpty();
    assertThat(renditionKeys(attackerId)).isEmpty();
  }

  /**
   * Three earlier deliveries of this image ended their worker without finishing (what a kill -9 or
   * an exit on OutOfMemoryError leaves behind): the next one fails it as poison at once, and the
   * image behind it on the same partition is processed.
   */
  @Test
  void shouldFailAnImageWhoseDeliveriesKeptEndingTheirWorkerAndGoOnWithThePartition()
      throws Exception {
    UUID poisonId = fixtures.idOnPartition(1);
    ProcessImageCommand poison = fixtures.stored(poisonId);
    ProcessImageCommand next = fixtures.stored(fixtures.idOnPartition(1));
    String counter = ObjectKeys.unfinishedAttempts(ObjectKeys.imagePrefix(OWNER, poisonId));
    stack()
        .s3Client()
        .putObject(
            PutObjectArgs.builder().bucket(EmbeddedStack.PROCESSED_BUCKET).object(counter).stream(
                    new ByteArrayInputStream("3".getBytes()), 1L, null)
                .build());
    double poisonBefore = giveUps(metrics, "poison_image");

    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
      fixtures.send(poison);
      fixtures.send(next);

      var failed =
          json.readValue(
              events
                  .await(
                      r -> r.key().equals(poisonId.toString()) && CommandFixtures.isOutcome(r),
                      Duration.ofSeconds(60))
                  .value(),
              ImageEvent.class);
      assertThat(failed)
          .isInstanceOfSatisfying(
              ImageProcessingFailed.class,
              f -> {
                assertThat(f.code()).isEqualTo(FailureCode.POISON_IMAGE);
                assertThat(f.retryable()).isFalse();
                assertThat(f.detail()).contains("3 times");
              });
      var after =
          json.readValue(
              events
                  .await(
                      r ->
                          r.key().equals(next.imageId().toString()) && CommandFixtures.isOutcome(r),
                      Duration.ofSeconds(60))
                  .value(),
              ImageEvent.class);
      assertThat(after).isInstanceOf(ImageProcessed.class);
    }
    assertThat(giveUps(metrics, "poison_image")).isEqualTo(poisonBefore + 1);
    assertThat(renditionKeys(poisonId)).doesNotContain(counter);
    assertThat(renditionKeys(next.imageId()))
        .doesNotContain(
            ObjectKeys.unfinishedAttempts(ObjectKeys.imagePrefix(OWNER, next.imageId())));
  }

  @Test
  void shouldRetryWhileStorageIsDownAndSucceedWhenItReturns() throws Exception {
    ProcessImageCommand command = fixtures.stored(UUID.randomUUID());
    double failuresBefore = transientFailures(metrics);

    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
      stack().s3Server().stop();
      try {
        fixtures.send(command);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> transientFailures(metrics) > failuresBefore);
      } finally {
        stack().s3Server().start();
      }
      var record =
          events.await(
              r -> r.key().equals(command.imageId().toString()) && CommandFixtures.isOutcome(r),
              Duration.ofSeconds(120));
      assertThat(json.readValue(record.value(), ImageEvent.class))
          .isInstanceOf(ImageProcessed.class);
    }
  }

  @Test
  void shouldShareTheLoadWithASecondWorkerAndProcessEveryImageOnce() throws Exception {
    Map<String, Object> props = new HashMap<>(getProperties());
    props.put("micronaut.server.port", -1);
    try (ApplicationContext second =
        ApplicationContext.run(EmbeddedServer.class, props).getApplicationContext()) {
      MeterRegistry secondMetrics = second.getBean(MeterRegistry.class);
      double firstBefore = processed(metrics);
      double secondBefore = processed(secondMetrics);

      // three images per partition, so that whichever worker holds a partition gets work
      List<ProcessImageCommand> commands = new ArrayList<>();
      for (int partition = 0; partition < stack().partitions(); partition++) {
        for (int i = 0; i < 3; i++) {
          commands.add(fixtures.stored(fixtures.idOnPartition(partition)));
        }
      }
      try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
        for (ProcessImageCommand command : commands) {
          fixtures.send(command);
        }
        await()
            .atMost(Duration.ofSeconds(120))
            .until(
                () ->
                    commands.stream()
                        .allMatch(c -> fixtures.outcomes(events, c.imageId()).size() >= 1));
        for (ProcessImageCommand command : commands) {
          assertThat(fixtures.outcomes(events, command.imageId())).hasSize(1);
        }
      }
      double byFirst = processed(metrics) - firstBefore;
      double bySecond = processed(secondMetrics) - secondBefore;
      assertThat(byFirst).isPositive();
      assertThat(bySecond).isPositive();
      assertThat(byFirst + bySecond).isEqualTo(commands.size());
    }
  }

  private List<String> renditionKeys(UUID id) throws Exception {
    return stack().objectKeys(EmbeddedStack.PROCESSED_BUCKET, ObjectKeys.imagePrefix(OWNER, id));
  }

  private static double giveUps(MeterRegistry registry, String reason) {
    return registry.find("darkroom.worker.give.ups").tag("reason", reason).counter().count();
  }

  private static double transientFailures(MeterRegistry registry) {
    var counter = registry.find("darkroom.worker.transient.failures").counter();
    return counter == null ? 0 : counter.count();
  }

  private static double processed(MeterRegistry registry) {
    var counter = registry.find("darkroom.worker.images").tag("outcome", "succeeded").counter();
    return counter == null ? 0 : counter.count();
  }
}
