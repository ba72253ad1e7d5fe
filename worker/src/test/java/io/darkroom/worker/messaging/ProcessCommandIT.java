package io.darkroom.worker.messaging;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.GetObjectArgs;
import io.minio.PutObjectArgs;
import jakarta.inject.Inject;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessCommandIT implements EmbeddedStackSupport {
  private static final String OWNER = "worker-it";
  private static final RenditionSpec THUMBNAIL =
      new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null);

  @Inject ObjectMapper json;
  @Inject EmbeddedServer server;

  @Test
  void shouldWriteAThumbnailToTheProcessedBucketAndReportImageProcessed() throws Exception {
    UUID id = UUID.randomUUID();
    ProcessImageCommand command = command(id, TestImages.jpeg(400, 300, Color.RED));

    ImageEvent event = sendAndAwaitOutcome(command);

    assertThat(event).isInstanceOf(ImageProcessed.class);
    ImageProcessed processed = (ImageProcessed) event;
    assertThat(processed.commandId()).isEqualTo(command.messageId());
    assertThat(processed.source().width()).isEqualTo(400);
    assertThat(processed.source().height()).isEqualTo(300);
    ImageProcessed.Rendition thumbnail = processed.renditions().get(0);
    assertThat(thumbnail.key())
        .isEqualTo(
            ObjectKeys.rendition(
                ObjectKeys.imagePrefix(OWNER, id), "thumbnail", OutputFormat.JPEG));
    assertThat(thumbnail.bucket()).isEqualTo(EmbeddedStack.PROCESSED_BUCKET);
    assertThat(thumbnail.width()).isEqualTo(100);
    assertThat(thumbnail.height()).isEqualTo(100);

    BufferedImage stored = read(EmbeddedStack.PROCESSED_BUCKET, thumbnail.key());
    assertThat(stored.getWidth()).isEqualTo(100);
    assertThat(stored.getHeight()).isEqualTo(100);
    HttpResponse<String> metrics = new TestHttp(server.getURI()).get("/prometheus");
    assertThat(metrics.body())
        .contains("darkroom_worker_images_total{code=\"none\",outcome=\"succeeded\"")
        .contains("darkroom_worker_processing_seconds_count{outcome=\"succeeded\"")
        .contains("darkroom_stage_seconds_bucket{stage=\"decode\",le=")
        .contains("darkroom_worker_images_in_flight ");
    Color centre = new Color(stored.getRGB(50, 50));
    assertThat(centre.getRed()).isGreaterThan(230);
    assertThat(centre.getGreen()).isLessThan(25);
    assertThat(centre.getBlue()).isLessThan(25);
  }

  @Test
  void shouldReportATruncatedJpegAsFailedWithAReason() throws Exception {
    byte[] jpeg = TestImages.jpeg(800, 600, Color.BLUE);
    ProcessImageCommand command = command(UUID.randomUUID(), Arrays.copyOf(jpeg, 200));

    ImageEvent event = sendAndAwaitOutcome(command);

    assertThat(event).isInstanceOf(ImageProcessingFailed.class);
    ImageProcessingFailed failed = (ImageProcessingFailed) event;
    assertThat(failed.code()).isEqualTo(FailureCode.CORRUPT_IMAGE);
    assertThat(failed.detail()).isNotBlank();
    assertThat(failed.retryable()).isFalse();
  }

  private ProcessImageCommand command(UUID id, byte[] original) throws Exception {
    String key = ObjectKeys.original(OWNER, id);
    stack()
        .s3Client()
        .putObject(
            PutObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).stream(
                    new ByteArrayInputStream(original), (long) original.length, null)
                .contentType("image/jpeg")
                .build());
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        id,
        OWNER,
        new ProcessImageCommand.SourceObject(
            EmbeddedStack.UPLOADS_BUCKET, key, "image/jpeg", original.length),
        List.of(THUMBNAIL),
        Instant.now());
  }

  private ImageEvent sendAndAwaitOutcome(ProcessImageCommand command) throws Exception {
    try (TopicProbe events = new TopicProbe(stack(), Topics.EVENTS)) {
      TopicProbe.send(
          stack(), Topics.COMMANDS, command.imageId().toString(), json.writeValueAsString(command));
      var record =
          events.await(
              r -> r.key().equals(command.imageId().toString()) && CommandFixtures.isOutcome(r),
              Duration.ofSeconds(60));
      // before the outcome, on the same partition: the notice that a worker took the command
      List<ImageEvent> before =
          events.seen().stream()
              .filter(r -> r.key().equals(record.key()))
              .takeWhile(r -> r != record)
              .map(r -> read(r.value()))
              .toList();
      assertThat(before)
          .singleElement()
          .isInstanceOfSatisfying(
              ImageProcessingStarted.class,
              started -> assertThat(started.commandId()).isEqualTo(command.messageId()));
      return json.readValue(record.value(), ImageEvent.class);
    }
  }

  private ImageEvent read(String value) {
    try {
      return json.readValue(value, ImageEvent.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private BufferedImage read(String bucket, String key) throws Exception {
    try (InputStream in =
        stack().s3Client().getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return ImageIO.read(in);
    }
  }
}
