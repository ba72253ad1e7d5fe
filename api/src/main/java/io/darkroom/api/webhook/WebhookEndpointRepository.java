package io.darkroom.api.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookEndpointRepository extends CrudRepository<WebhookEndpoint, UUID> {

  Optional<WebhookEndpoint> findByIdAndOwnerId(UUID id, String ownerId);

  /** The endpoints the owner registered, without imports' callbacks. */
  Page<WebhookEndpoint> findByOwnerIdAndCallbackForIsNull(String ownerId, Pageable pageable);

  /** The owner's enabled endpoints subscribed to {@code event}. */
  @Query(
      value =
          "SELECT * FROM webhook_endpoints WHERE owner_id = :ownerId AND enabled"
              + " AND :event = ANY(events) AND callback_for IS NULL",
      nativeQuery = true)
  List<WebhookEndpoint> findSubscribed(String ownerId, String event);

  @Query(
      """
      UPDATE webhook_endpoints
         SET url = COALESCE(CAST(:url AS text), url),
             description = COALESCE(CAST(:description AS text), description),
             events = COALESCE(CAST(:events AS text[]), events),
             enabled = COALESCE(CAST(:enabled AS boolean), enabled),
             disabled_reason = CASE WHEN CAST(:enabled AS boolean) THEN NULL ELSE disabled_reason END,
             failing_since = CASE WHEN CAST(:enabled AS boolean) THEN NULL ELSE failing_since END,
             updated_at = now()
       WHERE id = :id AND owner_id = :ownerId
      """)
  int patch(
      UUID id,
      String ownerId,
      @Nullable String url,
      @Nullable String description,
      @Nullable String[] events,
      @Nullable Boolean enabled);

  @Query(
      """
      UPDATE webhook_endpoints
         SET previous_secret = secret, previous_secret_until = :until, secret = :secret,
             updated_at = now()
       WHERE id = :id AND owner_id = :ownerId
      """)
  int rotate(UUID id, String ownerId, String secret, Instant until);

  @Query("DELETE FROM webhook_endpoints WHERE id = :id AND owner_id = :ownerId")
  int deleteOwned(UUID id, String ownerId);

  /** A delivery succeeded: the endpoint is not failing. */
  @Query(
      "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = :id AND failing_since IS NOT NULL")
  int markHealthy(UUID id);

  /** A delivery failed: the endpoint is failing since now, unless it already was. */
  @Query(
      "UPDATE webhook_endpoints SET failing_since = now() WHERE id = :id AND failing_since IS NULL")
  int markFailing(UUID id);

  @Query(
      """
      UPDATE webhook_endpoints SET enabled = false, disabled_reason = :reason, updated_at = now()
       WHERE id = :id AND enabled
      """)
  int disable(UUID id, String reason);
}
