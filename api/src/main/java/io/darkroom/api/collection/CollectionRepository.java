package io.darkroom.api.collection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;
import java.util.Optional;
import java.util.UUID;

/**
 * Access to {@code collections}; which image is in which is a column of {@code images}, written by
 * {@link io.darkroom.api.image.ImageMembership}. Every rule is held by a constraint or a guarded
 * statement, never by a read in Java followed by a write: a foreign key (the collection exists; a
 * non-empty one cannot be deleted) and a share lock while images move in or out.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface CollectionRepository
    extends CrudRepository<CollectionEntity, UUID>, JpaSpecificationExecutor<CollectionEntity> {

  Optional<CollectionEntity> findByIdAndOwnerId(UUID id, String ownerId);

  @Query(
      """
      UPDATE collections
         SET name = COALESCE(CAST(:name AS text), name),
             description = CASE WHEN CAST(:description AS text) IS NULL THEN description
                                WHEN CAST(:description AS text) = '' THEN NULL
                                ELSE CAST(:description AS text) END,
             updated_at = now()
       WHERE id = :id AND owner_id = :ownerId
      """)
  int patch(UUID id, String ownerId, @Nullable String name, @Nullable String description);

  @Query("DELETE FROM collections WHERE id = :id AND owner_id = :ownerId")
  int deleteOwned(UUID id, String ownerId);

  /**
   * Locks the collection against deletion until the transaction ends; empty when unknown or not
   * owned.
   */
  @Query(
      value = "SELECT * FROM collections WHERE id = :id AND owner_id = :ownerId FOR SHARE",
      nativeQuery = true)
  Optional<CollectionEntity> lockOwned(UUID id, String ownerId);
}
