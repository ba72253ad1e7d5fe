package io.darkroom.worker.messaging;

import io.darkroom.schema.Fit;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.serde.ObjectMapper;
import io.minio.PutObjectArgs;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

/** Commands and their outcomes on the real stack, sent and read as the api would; for tests. */
final class CommandFixtures {
  static final List<RenditionSpec> RENDITIONS =
      List.of(
          new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null),
          new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.AUTO, null));

  private final EmbeddedStack stack;
  private final ObjectMapper json;
  private final String owner;

  CommandFixtures(EmbeddedStack stack, ObjectMapper json, String owner) {
    this.stack = stack;
    this.json = json;
    this.owner = owner;
  }

  /** Stores a JPEG original for image {@code id} and returns the command that processes it. */
  ProcessImageCommand stored(UUID id) throws Exception {
    byte[] jpeg = TestImages.jpeg(640, 480, Color.ORANGE);
    String key = ObjectKeys.original(owner, id);
    stack
        .s3Client()
        .putObject(
            PutObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).stream(
                    new ByteArrayInputStream(jpeg), (long) jpeg.length, null)
                .build());
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        id,
        owner,
        new ProcessImageCommand.SourceObject(
            EmbeddedStack.UPLOADS_BUCKET, key, "image/jpeg", jpeg.length),
        RENDITIONS,
        Instant.now());
  }

  /** A new image id whose commands land on {@code partition} (Kafka's default partitioner). */
  UUID idOnPartition(int partition) {
    while (true) {
      UUID id = UUID.randomUUID();
      byte[] key = id.toString().getBytes(StandardCharsets.UTF_8);
      if (Utils.toPositive(Utils.murmur2(key)) % stack.partitions() == partition) {
        return id;
      }
    }
  }

  void send(ProcessImageCommand command) throws Exception {
    TopicProbe.send(
        stack, Topics.COMMANDS, command.imageId().toString(), json.writeValueAsString(command));
  }

  /** Whether a record of the events topic is an outcome, not a worker's progress notice. */
  static boolean isOutcome(ConsumerRecord<String, String> r) {
    return !r.value().contains("\"type\":\"ImageProcessingStarted\"");
  }

  /** Every outcome event for image {@code id} the probe has seen so far. */
  List<ImageEvent> outcomes(TopicProbe events, UUID id) {
    events.poll();
    List<ImageEvent> found = new ArrayList<>();
    for (var record : events.seen()) {
      if (record.key().equals(id.toString()) && isOutcome(record)) {
        try {
          found.add(json.readValue(record.value(), ImageEvent.class));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return found;
  }
}
