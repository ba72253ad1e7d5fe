package io.darkroom.api.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends CrudRepository<OutboxMessage, Long> {

  /** Skips nothing: rows locked by a relay that is sending them still count as waiting. */
  @Query(
      value = "SELECT count(*) AS waiting, min(created_at) AS oldest FROM outbox_messages",
      nativeQuery = true)
  OutboxBacklog backlog();

  /**
   * The oldest messages nobody has claimed, or whose claim lapsed; locked until the caller's
   * transaction ends, which {@link #claim} should end within.
   */
  @Query(
      value =
          "SELECT * FROM outbox_messages WHERE claimed_until IS NULL OR claimed_until < now()"
              + " ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
      nativeQuery = true)
  List<OutboxMessage> lockNextBatch(int limit);

  @Query(
      value = "UPDATE outbox_messages SET claimed_until = :until WHERE id IN (:ids)",
      nativeQuery = true)
  void claim(List<Long> ids, Instant until);

  /** Gives messages that were not sent back at once, instead of when their claim lapses. */
  @Query(
      value = "UPDATE outbox_messages SET claimed_until = NULL WHERE id IN (:ids)",
      nativeQuery = true)
  void release(List<Long> ids);

  void deleteByIdIn(List<Long> ids);

  boolean existsByMessageKey(String messageKey);
}
