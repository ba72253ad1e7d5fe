package io.darkroom.api.outbox;

import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.Topics;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionDefinition.Propagation;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Queues a command for Kafka inside the caller's database transaction: the command exists exactly
 * when the change that asked for it committed. {@link OutboxRelay} publishes it afterwards.
 */
@Singleton
public class CommandOutbox {
  private final OutboxRepository repository;
  private final ObjectMapper json;

  CommandOutbox(OutboxRepository repository, ObjectMapper json) {
    this.repository = repository;
    this.json = json;
  }

  /** Whether a command for this image is still waiting to be published. */
  public boolean holdsCommandFor(UUID imageId) {
    return repository.existsByMessageKey(imageId.toString());
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void enqueue(ProcessImageCommand command) {
    repository.save(message(command));
  }

  /** Many commands in one batch of inserts (a CSV import's images). */
  @Transactional(propagation = Propagation.MANDATORY)
  public void enqueueAll(List<ProcessImageCommand> commands) {
    repository.saveAll(commands.stream().map(this::message).toList());
  }

  private OutboxMessage message(ProcessImageCommand command) {
    String payload;
    try {
      payload = json.writeValueAsString(command);
    } catch (IOException e) {
      throw new UncheckedIOException("a command could not be serialised", e);
    }
    return new OutboxMessage(
        null, Topics.COMMANDS, command.imageId().toString(), payload, Instant.now(), null);
  }
}
