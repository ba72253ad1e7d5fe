package io.darkroom.api.imports;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ImportRepository extends CrudRepository<ImportEntity, UUID> {
  /** No image of the import is pending or processing. */
  String NOTHING_UNFINISHED =
      """
      NOT EXISTS (SELECT 1 FROM import_images m JOIN images i ON i.id = m.image_id
                   WHERE m.import_id = imports.id AND i.status IN ('pending', 'processing'))
      """;

  Optional<ImportEntity> findByIdAndOwnerId(UUID id, String ownerId);

  Page<ImportEntity> findByOwnerId(String ownerId, Pageable pageable);

  /** Open imports none of whose images is left unfinished, oldest first. */
  @Query(
      value =
          "SELECT * FROM imports WHERE completed_at IS NULL AND "
              + NOTHING_UNFINISHED
              + " ORDER BY created_at LIMIT :limit",
      nativeQuery = true)
  List<ImportEntity> findFinishable(int limit);

  /**
   * Completes an import, once: 0 if it already completed (another api instance did) or an image of
   * it went back to pending since it was found.
   */
  @Query(
      "UPDATE imports SET completed_at = now(), final_status = :finalStatus,"
          + " succeeded = :succeeded, failed = :failed"
          + " WHERE id = :id AND completed_at IS NULL AND "
          + NOTHING_UNFINISHED)
  int markCompleted(UUID id, String finalStatus, int succeeded, int failed);
}
