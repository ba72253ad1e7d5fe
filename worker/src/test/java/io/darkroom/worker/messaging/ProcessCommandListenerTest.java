package io.darkroom.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.schema.Fit;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.testkit.TestImages;
import io.darkroom.worker.fetch.RemoteOriginals;
import io.darkroom.worker.job.FetchSettings;
import io.darkroom.worker.job.InMemoryObjectStorage;
import io.darkroom.worker.job.ProcessImageJob;
import io.darkroom.worker.job.RecordingEventSink;
import io.darkroom.worker.job.WorkerConfiguration;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.support.Commands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.serde.ObjectMapper;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The listener's dead-letter path, with the job behind it on in-memory storage. */
class ProcessCommandListenerTest {
  private static final String OWNER = "listener-test";
  private static final PipelineLimits LIMITS =
      new PipelineLimits(1_000_000, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60);

  private final InMemoryObjectStorage storage = new InMemoryObjectStorage();
  private final RecordingEventSink events = new RecordingEventSink();
  private final List<DeadLetter> deadLetters = new ArrayList<>();
  private final ObjectMapper json = ObjectMapper.getDefault();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ProcessImageJob job =
      new ProcessImageJob(
          storage,
          new RemoteOriginals(storage, FetchSettings.LOCAL, LIMITS),
          new ImagePipeline(LIMITS),
          LIMITS,
          events,
          new SimpleMeterRegistry(),
          new WorkerConfiguration(3));
  private final FakeConsumers consumers = new FakeConsumers("consumer-1", "consumer-2");
  private final GracefulStop stopping = new GracefulStop(() -> consumers, job);
  private final ProcessCommandListener listener =
      new ProcessCommandListener(
          job,
          (key, payload, reason) -> {
            deadLetters.add(new DeadLetter(key, payload, reason));
            return null; // the broker's receipt, unused by the listener
          },
          json,
          metrics,
          stopping);

  @Test
  void shouldHandAReadableCommandToTheJob() throws Exception {
    ProcessImageCommand command = stored(UUID.randomUUID());

    listener.receive(command.imageId().toString(), json.writeValueAsBytes(command));

    assertThat(deadLetters).isEmpty();
    assertThat(deadLettered()).isZero();
    assertThat(events.published()).singleElement().isInstanceOf(ImageProcessed.class);
  }

  @Test
  void shouldPauseEveryConsumerAndHandBackRecordsOnceStopping() throws Exception {
    ProcessImageCommand command = stored(UUID.randomUUID());

    CompletableFuture<?> stopped = stopping.shutdownGracefully().toCompletableFuture();

    assertThat(consumers.pauseRequested).containsExactlyInAnyOrder("consumer-1", "consumer-2");
    assertThatThrownBy(
            () -> listener.receive(command.imageId().toString(), json.writeValueAsBytes(command)))
        .isInstanceOf(GracefulStop.Stopping.class);
    assertThat(events.published()).as("the command was not processed").isEmpty();
    assertThat(deadLetters).isEmpty();
    assertThat(stopped)
        .as("nothing is in flight, but consumer-2 has not polled since: it may be committing")
        .isNotDone();

    consumers.poll("consumer-1");
    consumers.poll("consumer-2");

    assertThat(stopped).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void shouldNotWaitForAConsumerWithoutPartitionsToPause() {
    FakeConsumers oneIdle =
        new FakeConsumers("consumer-1", "consumer-2").withoutPartitions("consumer-2");
    CompletableFuture<?> stopped =
        new GracefulStop(() -> oneIdle, job).shutdownGracefully().toCompletableFuture();

    oneIdle.poll("consumer-1");

    assertThat(stopped).succeedsWithin(Duration.ofSeconds(5));
  }

  @Test
  void shouldParkAnUnreadableCommandAsItCameWithTheReason() {
    byte[] payload = "this is not a command".getBytes(StandardCharsets.UTF_8);

    listener.receive("some-key", payload);

    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            parked -> {
              assertThat(parked.key()).isEqualTo("some-key");
              assertThat(parked.payload()).isEqualTo(payload);
              assertThat(parked.reason()).isNotBlank();
            });
    assertThat(deadLettered()).isEqualTo(1);
    assertThat(events.published()).isEmpty();
    assertThat(events.notices()).isEmpty();
  }

  @Test
  void shouldParkACommandWhoseOriginalIsAnotherImagesAndWriteNothing() throws Exception {
    ProcessImageCommand victim = stored(UUID.randomUUID());
    UUID attackerId = UUID.randomUUID();
    ProcessImageCommand pointed = Commands.pointingAt(victim, attackerId, OWNER);
    byte[] payload = json.writeValueAsBytes(pointed);

    listener.receive(attackerId.toString(), payload);

    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            parked -> {
              assertThat(parked.payload()).isEqualTo(payload);
              assertThat(parked.reason()).contains("not the original's key of image " + attackerId);
            });
    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED)).isEmpty();
    assertThat(events.published()).isEmpty();
    assertThat(events.notices()).isEmpty();
  }

  private double deadLettered() {
    return metrics.find("darkroom.worker.give.ups").tag("reason", "dead_letter").counter().count();
  }

  private ProcessImageCommand stored(UUID id) {
    String key = ObjectKeys.original(OWNER, id);
    byte[] jpeg = TestImages.jpeg(320, 240, Color.GREEN);
    storage.store("uploads", key, jpeg);
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        id,
        OWNER,
        new ProcessImageCommand.SourceObject("uploads", key, "image/jpeg", jpeg.length),
        List.of(new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null)),
        Instant.now());
  }

  private record DeadLetter(String key, byte[] payload, String reason) {}
}
