package io.darkroom.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.SourceFormat;
import io.darkroom.testkit.TestImages;
import io.darkroom.worker.fetch.RemoteOriginals;
import io.darkroom.worker.job.InMemoryObjectStorage.Operation;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.storage.StorageException;
import io.darkroom.worker.support.Commands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The use case on its own: an in-memory storage, the real pipeline, and the outcomes read from the
 * {@link EventSink} seam instead of a broker.
 */
class ProcessImageJobTest {
  private static final String OWNER = "job-test";
  private static final String UPLOADS = "uploads";
  private static final long MAX_SOURCE_BYTES = 1_000_000;
  private static final List<RenditionSpec> RENDITIONS =
      List.of(
          new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null),
          new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.AUTO, null));
  private static final PipelineLimits LIMITS =
      new PipelineLimits(MAX_SOURCE_BYTES, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60);

  private final InMemoryObjectStorage storage = new InMemoryObjectStorage();
  private final RecordingEventSink events = new RecordingEventSink();
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final ProcessImageJob job = job(events);

  /** Series born at 1 would hide their first increase from rate() and increase(). */
  @Test
  void shouldExportEveryGiveUpReasonAndFailureCodeAtZeroBeforeAnyImage() {
    assertThat(metrics.find("darkroom.worker.give.ups").counters())
        .extracting(c -> c.getId().getTag("reason"), Counter::count)
        .containsExactlyInAnyOrder(
            tuple("poison_image", 0.0), tuple("dead_letter", 0.0), tuple("retries_exhausted", 0.0));
    assertThat(metrics.find("darkroom.worker.images").tag("outcome", "failed").counters())
        .extracting(c -> c.getId().getTag("code"))
        .containsExactlyInAnyOrder(
            Arrays.stream(FailureCode.values()).map(FailureCode::wireName).toArray(String[]::new));
    assertThat(count("darkroom.worker.images", "succeeded")).isZero();
    assertThat(count("darkroom.worker.images", "failed")).isZero();
  }

  @Test
  void shouldStoreEveryRenditionAndPublishImageProcessedWithThem() throws Exception {
    byte[] original = TestImages.jpeg(640, 480, Color.ORANGE);
    ProcessImageCommand command = stored(original);

    job.run(command);

    ImageProcessed processed = singleOutcome(ImageProcessed.class);
    assertThat(processed.commandId()).isEqualTo(command.messageId());
    assertThat(processed.imageId()).isEqualTo(command.imageId());
    assertThat(processed.source())
        .isEqualTo(
            new ImageProcessed.SourceInfo(640, 480, SourceFormat.JPEG, (long) original.length));
    assertThat(processed.renditions())
        .extracting(ImageProcessed.Rendition::name, r -> r.width() + "x" + r.height())
        .containsExactly(tuple("thumbnail", "100x100"), tuple("small", "320x240"));
    String prefix = ObjectKeys.imagePrefix(OWNER, command.imageId());
    for (ImageProcessed.Rendition r : processed.renditions()) {
      assertThat(r.bucket()).isEqualTo(InMemoryObjectStorage.PROCESSED);
      assertThat(r.format()).isEqualTo(OutputFormat.JPEG);
      assertThat(r.key()).isEqualTo(ObjectKeys.rendition(prefix, r.name(), OutputFormat.JPEG));
      assertThat(storage.object(r.bucket(), r.key()))
          .hasValueSatisfying(data -> assertThat((long) data.length).isEqualTo(r.bytes()));
    }
    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED))
        .as("renditions only: the attempt count is erased")
        .containsExactlyInAnyOrder(
            processed.renditions().stream()
                .map(ImageProcessed.Rendition::key)
                .toArray(String[]::new));
    assertThat(events.notices())
        .singleElement()
        .isInstanceOfSatisfying(
            ImageProcessingStarted.class,
            started -> assertThat(started.commandId()).isEqualTo(command.messageId()));
    assertThat(count("darkroom.worker.images", "succeeded")).isEqualTo(1);
    for (String stage : List.of("download", "decode", "resize", "encode", "store")) {
      assertThat(metrics.find("darkroom.stage").tag("stage", stage).timer())
          .as(stage)
          .satisfies(timer -> assertThat(timer.count()).isEqualTo(1));
    }
    assertThat(metrics.find("darkroom.worker.images.in.flight").gauge().value()).isZero();
    assertThat(temporaryFilesOf(command)).isEmpty();
  }

  @Test
  void shouldFailAnOversizeOriginalPermanentlyWithoutDownloadingOrDecodingIt() throws Exception {
    ProcessImageCommand command = stored(new byte[(int) MAX_SOURCE_BYTES + 1]);

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.SOURCE_TOO_LARGE);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.detail())
        .isEqualTo("The original has 1000001 bytes; at most 1000000 are processed.");
    assertThat(storage.downloads()).isZero();
    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED)).isEmpty();
    assertThat(count("darkroom.worker.images", "failed")).isEqualTo(1);
    assertThat(
            metrics
                .find("darkroom.worker.images")
                .tags("outcome", "failed", "code", "source_too_large")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(metrics.find("darkroom.stage").timers()).as("only successes are timed").isEmpty();
  }

  @Test
  void shouldFailAnOriginalThatGrewPastTheLimitSinceItWasCheckedWithoutDecodingIt()
      throws Exception {
    // not an image at all: had it been decoded, it would fail as unsupported instead
    ProcessImageCommand command = stored(new byte[(int) MAX_SOURCE_BYTES + 5000]);
    storage.reportSize(UPLOADS, command.source().key(), 100);

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.SOURCE_TOO_LARGE);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.detail()).contains("more than 1000000 bytes");
    assertThat(temporaryFilesOf(command)).isEmpty();
  }

  @Test
  void shouldFailAMissingOriginalPermanentlyAsSourceMissing() throws Exception {
    ProcessImageCommand command = command(UUID.randomUUID());

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.SOURCE_MISSING);
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void shouldFailATruncatedOriginalPermanentlyAsCorrupt() throws Exception {
    byte[] jpeg = TestImages.jpeg(800, 600, Color.BLUE);
    ProcessImageCommand command = stored(Arrays.copyOf(jpeg, 200));

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
    assertThat(failed.retryable()).isFalse();
    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED)).isEmpty();
  }

  @Test
  void shouldRethrowStorageGoingAwayMidwayAsTransientAndPublishNoOutcome() throws Exception {
    ProcessImageCommand command = stored(TestImages.jpeg(640, 480, Color.ORANGE));
    storage.makeUnavailable(Operation.DOWNLOAD);

    assertThatThrownBy(() -> job.run(command)).isInstanceOf(StorageException.class);

    assertThat(events.published()).isEmpty();
    assertThat(count("darkroom.worker.transient.failures")).isEqualTo(1);
    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED))
        .as("a transient failure is not counted as a delivery that ended its worker")
        .isEmpty();
    assertThat(temporaryFilesOf(command)).isEmpty();
  }

  @Test
  void shouldRethrowStorageBeingAwayBeforeTheAttemptIsRecordedAndAnnounceNothing()
      throws Exception {
    ProcessImageCommand command = stored(TestImages.jpeg(640, 480, Color.ORANGE));
    storage.makeUnavailable(Operation.READ_TEXT);

    assertThatThrownBy(() -> job.run(command)).isInstanceOf(StorageException.class);

    assertThat(events.notices()).isEmpty();
    assertThat(events.published()).isEmpty();
    assertThat(count("darkroom.worker.transient.failures")).isEqualTo(1);
  }

  @Test
  void shouldReportAGiveUpAfterStorageRetriesAsRetryableStorageUnavailable() {
    ProcessImageCommand command = command(UUID.randomUUID());

    job.giveUp(
        command,
        new IllegalStateException(
            "listener gave up", new StorageException("download failed", null)));

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.STORAGE_UNAVAILABLE);
    assertThat(failed.retryable()).isTrue();
    assertThat(failed.commandId()).isEqualTo(command.messageId());
    assertThat(giveUps("retries_exhausted")).isEqualTo(1);
    assertThat(giveUps("poison_image")).isZero();
  }

  @Test
  void shouldReportAGiveUpForAnyOtherCauseAsARetryableInternalError() {
    job.giveUp(command(UUID.randomUUID()), new IllegalStateException("broker away"));

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.INTERNAL_ERROR);
    assertThat(failed.retryable()).isTrue();
  }

  @Test
  void shouldFailAsPoisonWithoutFetchingWhenEarlierDeliveriesEndedTheirWorker() throws Exception {
    ProcessImageCommand command = stored(TestImages.jpeg(640, 480, Color.ORANGE));
    String counter =
        ObjectKeys.unfinishedAttempts(ObjectKeys.imagePrefix(OWNER, command.imageId()));
    storage.store(InMemoryObjectStorage.PROCESSED, counter, "3".getBytes(StandardCharsets.UTF_8));

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.POISON_IMAGE);
    assertThat(failed.retryable()).isFalse();
    assertThat(failed.detail()).contains("3 times");
    assertThat(giveUps("poison_image")).isEqualTo(1);
    assertThat(giveUps("retries_exhausted")).isZero();
    assertThat(storage.downloads()).isZero();
    assertThat(storage.object(InMemoryObjectStorage.PROCESSED, counter)).isEmpty();
  }

  @Test
  void shouldReportAnUnexpectedErrorAsARetryableInternalFailure() throws Exception {
    ProcessImageCommand command = stored(TestImages.jpeg(640, 480, Color.ORANGE));
    storage.failWith(
        Operation.DOWNLOAD,
        new UncheckedIOException("no space left on device", new IOException("ENOSPC")));

    job.run(command);

    ImageProcessingFailed failed = singleOutcome(ImageProcessingFailed.class);
    assertThat(failed.code()).isEqualTo(FailureCode.INTERNAL_ERROR);
    assertThat(failed.retryable()).isTrue();
    assertThat(count("darkroom.worker.transient.failures")).isZero();
  }

  @Test
  void shouldProcessTheImageEvenWhenItsProgressNoticeCannotBeSent() throws Exception {
    RecordingEventSink outcomes = new RecordingEventSink();
    EventSink noticesFail =
        new EventSink() {
          @Override
          public void publish(ImageEvent event) {
            outcomes.publish(event);
          }

          @Override
          public void notify(ImageEvent event) {
            throw new IllegalStateException("broker away");
          }
        };
    ProcessImageCommand command = stored(TestImages.jpeg(640, 480, Color.ORANGE));

    job(noticesFail).run(command);

    assertThat(outcomes.published()).singleElement().isInstanceOf(ImageProcessed.class);
  }

  @Test
  void shouldWriteNothingAndPublishNothingForACommandWhoseOriginalIsAnotherImages()
      throws Exception {
    ProcessImageCommand victim = stored(TestImages.jpeg(640, 480, Color.ORANGE));
    UUID attackerId = UUID.randomUUID();
    ProcessImageCommand pointed = Commands.pointingAt(victim, attackerId, OWNER);

    assertThatThrownBy(() -> job.run(pointed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the original's key of image " + attackerId);

    assertThat(storage.keys(InMemoryObjectStorage.PROCESSED)).isEmpty();
    assertThat(events.published()).isEmpty();
    assertThat(events.notices()).isEmpty();
  }

  private ProcessImageJob job(EventSink sink) {
    return new ProcessImageJob(
        storage,
        new RemoteOriginals(storage, FetchSettings.LOCAL, LIMITS),
        new ImagePipeline(LIMITS),
        LIMITS,
        sink,
        metrics,
        new WorkerConfiguration(3));
  }

  /** Stores {@code original} as a new image's original and returns the command processing it. */
  private ProcessImageCommand stored(byte[] original) {
    ProcessImageCommand command = command(UUID.randomUUID());
    storage.store(UPLOADS, command.source().key(), original);
    return command;
  }

  private static ProcessImageCommand command(UUID imageId) {
    String key = ObjectKeys.original(OWNER, imageId);
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        imageId,
        OWNER,
        new ProcessImageCommand.SourceObject(UPLOADS, key, "image/jpeg", 0),
        RENDITIONS,
        Instant.now());
  }

  private <T extends ImageEvent> T singleOutcome(Class<T> type) {
    assertThat(events.published()).singleElement().isInstanceOf(type);
    return type.cast(events.published().get(0));
  }

  /** Every code's series of the outcome together (each is registered at 0 up front). */
  private double count(String name, String outcome) {
    return metrics.find(name).tag("outcome", outcome).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  private double giveUps(String reason) {
    return metrics.find("darkroom.worker.give.ups").tag("reason", reason).counter().count();
  }

  private double count(String name) {
    Counter counter = metrics.find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<Path> temporaryFilesOf(ProcessImageCommand command) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("darkroom-" + command.imageId()))
          .toList();
    }
  }
}
