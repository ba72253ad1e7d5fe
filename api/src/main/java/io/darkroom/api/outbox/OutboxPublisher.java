package io.darkroom.api.outbox;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes one batch: claims it in a short transaction, sends it with no transaction open and no
 * lock held, then deletes what the broker acknowledged. Waiting on the broker (its metadata, its
 * acknowledgements) never holds a database connection, so a broker that is away costs the relay one
 * send's {@code max.block.ms}, not the database.
 *
 * <p>The first send that fails stops the batch: nothing after it is sent, and every message not
 * acknowledged is given back for the next attempt. A message may be published twice (the broker
 * acknowledged it, but the api died before deleting it, or its claim lapsed while the broker was
 * slow), never lost; consumers are idempotent.
 *
 * <p>Relays on several api instances claim disjoint batches, so there is no relay-wide lock. The
 * order of messages of one key is kept within a batch (one producer, idempotent, per partition);
 * across batches it does not matter here: an image has one command in flight at a time (a retry is
 * accepted only after the outcome of the previous command).
 */
@Singleton
class OutboxPublisher {
  private final OutboxRepository repository;
  private final OutboxProducer producer;
  private final OutboxConfiguration config;
  private final TransactionOperations<Connection> transactions;

  OutboxPublisher(
      OutboxRepository repository,
      OutboxProducer producer,
      OutboxConfiguration config,
      TransactionOperations<Connection> transactions) {
    this.repository = repository;
    this.producer = producer;
    this.config = config;
    this.transactions = transactions;
  }

  /**
   * Returns how many messages were published; 0 when there was nothing to do. Throws when a send
   * failed, after deleting what was acknowledged before it and giving the rest back.
   */
  int publishNextBatch() throws InterruptedException, ExecutionException, TimeoutException {
    List<OutboxMessage> batch = claimNextBatch();
    if (batch.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(batch.size());
    List<Long> acknowledged = new ArrayList<>(batch.size());
    Exception failure = null;
    try {
      for (OutboxMessage message : batch) {
        if (sends.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
          break;
        }
        try {
          // blocks for up to max.block.ms while the topic's metadata is unknown
          sends.add(producer.send(message.topic(), message.messageKey(), message.payload()));
        } catch (RuntimeException e) {
          failure = e;
          break;
        }
      }
      long deadline = System.nanoTime() + config.sendTimeout().toNanos();
      for (int i = 0; i < sends.size(); i++) {
        try {
          sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          acknowledged.add(batch.get(i).id());
        } catch (ExecutionException | TimeoutException e) {
          if (failure == null) {
            failure = e;
          }
        }
      }
    } finally {
      // also when the relay is interrupted (the api stopping): what was acknowledged goes, the rest
      // is given back at once instead of when its claim lapses
      settle(batch, acknowledged);
    }
    if (failure instanceof ExecutionException e) {
      throw e;
    }
    if (failure instanceof TimeoutException e) {
      throw e;
    }
    if (failure != null) {
      throw new ExecutionException("the broker refused a send", failure);
    }
    return acknowledged.size();
  }

  private void settle(List<OutboxMessage> batch, List<Long> acknowledged) {
    if (!acknowledged.isEmpty()) {
      repository.deleteByIdIn(acknowledged);
    }
    if (acknowledged.size() < batch.size()) {
      repository.release(
          batch.stream().map(OutboxMessage::id).filter(id -> !acknowledged.contains(id)).toList());
    }
  }

  /**
   * The next batch, claimed for long enough to send it: the claim outlives the send timeout and one
   * blocked send, so only a relay that died leaves it to lapse.
   */
  private List<OutboxMessage> claimNextBatch() {
    return transactions.executeWrite(
        status -> {
          List<OutboxMessage> batch = repository.lockNextBatch(config.batchSize());
          if (!batch.isEmpty()) {
            Instant until = Instant.now().plus(config.sendTimeout().multipliedBy(3));
            repository.claim(batch.stream().map(OutboxMessage::id).toList(), until);
          }
          return batch;
        });
  }
}
