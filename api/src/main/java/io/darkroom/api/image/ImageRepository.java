package io.darkroom.api.image;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;
import java.util.UUID;

/**
 * Access to {@code images}. Every read for a request is scoped by owner; every status change is an
 * {@code UPDATE ... WHERE status IN (...)} that returns how many rows moved, so racing or repeated
 * writers cannot move an image backwards.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ImageRepository extends CrudRepository<ImageEntity, UUID> {

  Optional<ImageEntity> findByIdAndOwnerId(UUID id, String ownerId);

  @Query(
      """
      UPDATE images
         SET status = 'succeeded', width = :width, height = :height,
             renditions = CAST(:renditionsJson AS jsonb),
             failure_code = NULL, failure_detail = NULL,
             completed_at = now(), updated_at = now()
       WHERE id = :id AND status IN ('pending', 'processing')
      """)
  int markSucceeded(UUID id, int width, int height, String renditionsJson);

  @Query(
      """
      UPDATE images
         SET status = 'failed', failure_code = :code, failure_detail = :detail,
             completed_at = now(), updated_at = now()
       WHERE id = :id AND status IN ('pending', 'processing')
      """)
  int markFailed(UUID id, String code, String detail);
}
