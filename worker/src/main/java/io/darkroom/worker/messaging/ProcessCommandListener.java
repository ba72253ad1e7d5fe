package io.darkroom.worker.messaging;

import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;

/**
 * Thin adapter from Kafka to {@link CommandHandler}. All workers share one consumer group, so each
 * partition (and so each image, by key) is handled by one worker at a time. The offset is committed
 * after the outcome event was acknowledged: a crash before that redelivers the command, whose
 * output keys are deterministic.
 */
@KafkaListener(
    groupId = "darkroom-workers",
    offsetReset = OffsetReset.EARLIEST,
    offsetStrategy = OffsetStrategy.SYNC_PER_RECORD,
    threadsValue = "${darkroom.worker.concurrency}",
    errorStrategy =
        @ErrorStrategy(
            value = ErrorStrategyValue.RETRY_EXPONENTIALLY_ON_ERROR,
            retryCount = 10,
            retryDelay = "500ms"))
class ProcessCommandListener {
  private final CommandHandler handler;

  ProcessCommandListener(CommandHandler handler) {
    this.handler = handler;
  }

  @Topic(Topics.COMMANDS)
  void receive(ProcessImageCommand command) {
    handler.handle(command);
  }
}
