package io.darkroom.worker.messaging;

import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.Topics;
import io.darkroom.worker.job.GiveUps;
import io.darkroom.worker.job.ImageKeys;
import io.darkroom.worker.job.ProcessImageJob;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerException;
import io.micronaut.configuration.kafka.exceptions.KafkaListenerExceptionHandler;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.ObjectMapper;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Thin adapter from Kafka to {@link ProcessImageJob}. All workers share one consumer group, so each
 * partition (and so each image, by key) is handled by one worker at a time. The offset is committed
 * after the outcome event was acknowledged: a crash before that redelivers the command, whose
 * output keys are deterministic.
 *
 * <p>Records arrive as bytes and are parsed here, so one that cannot be read goes to the
 * dead-letter topic as it came instead of stalling its partition. A transient failure (storage
 * away) is retried with backoff; if it outlasts every retry the image is failed as retryable rather
 * than left pending.
 */
@KafkaListener(
    groupId = "darkroom-workers",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    threadsValue = "${darkroom.worker.concurrency}",
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
            retryCountValue = "${darkroom.worker.retry.count}",
            retryDelay = "${darkroom.worker.retry.delay}"))
class ProcessCommandListener implements KafkaListenerExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandListener.class);

  private final ProcessImageJob job;
  private final DeadLetterProducer deadLetters;
  private final ObjectMapper json;
  private final MeterRegistry metrics;
  private final GracefulStop stopping;
  private final GiveUps giveUps;

  ProcessCommandListener(
      ProcessImageJob job,
      DeadLetterProducer deadLetters,
      ObjectMapper json,
      MeterRegistry metrics,
      GracefulStop stopping) {
    this.stopping = stopping;
    this.job = job;
    this.deadLetters = deadLetters;
    this.json = json;
    this.metrics = metrics;
    this.giveUps = new GiveUps(metrics);
  }

  @Topic(Topics.COMMANDS)
  void receive(@KafkaKey @Nullable String key, byte[] payload) {
    // a stopping worker starts nothing new: the record is handed back, its offset not committed,
    // and the worker that takes the partition over processes it
    stopping.refuseIfStopping(key);
    process(key, payload);
  }

  private void process(@Nullable String key, byte[] payload) {
    ProcessImageCommand command;
    try {
      command = json.readValue(payload, ProcessImageCommand.class);
      if (command == null
          || command.imageId() == null
          || command.ownerId() == null
          || command.source() == null
          || command.renditions().isEmpty()) {
        throw new IllegalArgumentException("a required field is missing");
      }
      // a command that would point this worker's writes outside the image's prefix is refused
      ImageKeys.prefix(command);
    } catch (Exception e) {
      LOG.warn(
          "Unreadable command (key {}) sent to {}: {}",
          key,
          Topics.COMMANDS_DEAD_LETTER,
          e.toString());
      deadLetters.send(key, payload, String.valueOf(e.getMessage()));
      giveUps.count(GiveUps.Reason.DEAD_LETTER);
      return;
    }
    job.run(command);
  }

  /**
   * Called when retries are exhausted: fail the image (retryable) so nobody waits for it forever.
   * If even that report cannot be published (the events topic away through every retry), the error
   * is logged and counted as {@code darkroom.worker.gave.up{reported=false}}; the api's processing
   * timeout then fails the image with a reason. A failed offset commit (this worker lost the
   * partition in a rebalance) is not a processing failure: the new owner redelivers the command.
   */
  @Override
  public void handle(KafkaListenerException exception) {
    ConsumerRecord<?, ?> record = exception.getConsumerRecord().orElse(null);
    if (exception.getCause() instanceof GracefulStop.Stopping) {
      return; // handed back on purpose: not a failure of the image
    }
    if (exception.getCause() instanceof CommitFailedException) {
      LOG.warn(
          "Offset commit failed, the partition moved to another worker: {}",
          exception.getMessage());
      return;
    }
    if (record == null || !(record.value() instanceof byte[] payload)) {
      LOG.error("Command processing failed outside a record", exception);
      return;
    }
    try {
      job.giveUp(json.readValue(payload, ProcessImageCommand.class), exception.getCause());
      metrics.counter("darkroom.worker.gave.up", "reported", "true").increment();
    } catch (Exception e) {
      metrics.counter("darkroom.worker.gave.up", "reported", "false").increment();
      LOG.error(
          "Command at {}-{}@{} failed and could not be reported either; the image stays pending"
              + " until the api's processing timeout",
          record.topic(),
          record.partition(),
          record.offset(),
          e);
    }
  }
}
