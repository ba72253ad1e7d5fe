package io.darkroom.api.outbox;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes one batch per transaction: the rows are locked, sent, acknowledged by the broker, then
 * deleted. If anything fails the transaction rolls back and the rows stay for the next attempt, so
 * a message may be published twice but never lost; consumers are idempotent.
 */
@Singleton
class OutboxPublisher {
  private final OutboxRepository repository;
  private final OutboxProducer producer;
  private final OutboxConfiguration config;

  OutboxPublisher(
      OutboxRepository repository, OutboxProducer producer, OutboxConfiguration config) {
    this.repository = repository;
    this.producer = producer;
    this.config = config;
  }

  /**
   * Returns how many messages were published; 0 when there was nothing to do or another relay runs.
   */
  @Transactional
  int publishNextBatch() throws InterruptedException, ExecutionException, TimeoutException {
    if (!repository.tryRelayLock()) {
      return 0;
    }
    List<OutboxMessage> batch = repository.lockNextBatch(config.batchSize());
    if (batch.isEmpty()) {
      return 0;
    }
    CompletableFuture<?>[] sends =
        batch.stream()
            .map(m -> producer.send(m.topic(), m.messageKey(), m.payload()))
            .toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(sends).get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    repository.deleteAll(batch);
    return batch.size();
  }
}
