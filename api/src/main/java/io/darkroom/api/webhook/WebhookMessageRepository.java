package io.darkroom.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookMessageRepository extends CrudRepository<WebhookMessage, String> {

  /**
   * Due messages, the oldest of each endpoint only: one endpoint, however slow or dead, holds at
   * most one sender at a time, so it never delays the others.
   */
  @Query(
      value =
          "SELECT * FROM (SELECT DISTINCT ON (m.endpoint_id) m.* FROM webhook_messages m"
              + " JOIN webhook_endpoints e ON e.id = m.endpoint_id AND e.enabled"
              + " WHERE m.status = 'pending' AND m.next_attempt_at <= now()"
              + " AND (m.claimed_until IS NULL OR m.claimed_until < now())"
              + " ORDER BY m.endpoint_id, m.next_attempt_at, m.id) due"
              + " ORDER BY next_attempt_at LIMIT :limit",
      nativeQuery = true)
  List<WebhookMessage> findDue(int limit);

  /** Takes a message for one attempt until {@code until}; 0 when another sender has it. */
  @Query(
      """
      UPDATE webhook_messages SET claimed_until = :until
       WHERE id = :id AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < now())
      """)
  int claim(String id, Instant until);

  /** Gives a claim back: the message is due again now. */
  @Query("UPDATE webhook_messages SET claimed_until = NULL WHERE id = :id AND status = 'pending'")
  int release(String id);

  @Query(
      """
      UPDATE webhook_messages
         SET status = 'delivered', attempts = attempts + 1, delivered_at = now(),
             next_attempt_at = NULL, claimed_until = NULL
       WHERE id = :id
      """)
  int markDelivered(String id);

  /** One more failed attempt: the next at {@code next}, or none ({@code failed}) when null. */
  @Query(
      """
      UPDATE webhook_messages
         SET attempts = attempts + 1, claimed_until = NULL, next_attempt_at = :next,
             status = CASE WHEN CAST(:next AS timestamptz) IS NULL THEN 'failed' ELSE 'pending' END
       WHERE id = :id
      """)
  int markFailed(String id, @Nullable Instant next);

  /** Sends a message again now, whatever became of it. */
  @Query(
      """
      UPDATE webhook_messages SET status = 'pending', next_attempt_at = now(), claimed_until = NULL
       WHERE id = :id AND endpoint_id = :endpointId
      """)
  int retryNow(String id, UUID endpointId);

  @Query(
      value =
          "SELECT * FROM webhook_messages WHERE endpoint_id = :endpointId"
              + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
      nativeQuery = true)
  List<WebhookMessage> findByEndpoint(UUID endpointId, int limit, long offset);

  long countByEndpointId(UUID endpointId);

  Optional<WebhookMessage> findByIdAndEndpointId(String id, UUID endpointId);

  /** When the oldest message still waiting to be delivered was made; null when none waits. */
  @Query(
      value = "SELECT min(created_at) FROM webhook_messages WHERE status = 'pending'",
      nativeQuery = true)
  @Nullable
  Instant oldestPending();
}
