package io.darkroom.api.webhook;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface WebhookAttemptRepository extends CrudRepository<WebhookAttempt, Long> {
  @Query(
      value =
          "SELECT * FROM webhook_attempts WHERE message_id IN (:messageIds)"
              + " ORDER BY attempted_at, id",
      nativeQuery = true)
  List<WebhookAttempt> findByMessages(Collection<String> messageIds);
}
