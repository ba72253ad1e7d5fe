package io.darkroom.api.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface OutboxRepository extends CrudRepository<OutboxMessage, Long> {

  /**
   * One relay at a time across every api instance, so messages of one key leave in the order they
   * were written. Released when the transaction ends.
   */
  @Query(value = "SELECT pg_try_advisory_xact_lock(7266482117)", nativeQuery = true)
  boolean tryRelayLock();

  /** Skips nothing: rows locked by a relay that is sending them still count as waiting. */
  @Query(
      value = "SELECT count(*) AS waiting, min(created_at) AS oldest FROM outbox_messages",
      nativeQuery = true)
  OutboxBacklog backlog();

  @Query(
      value = "SELECT * FROM outbox_messages ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED",
      nativeQuery = true)
  List<OutboxMessage> lockNextBatch(int limit);
}
