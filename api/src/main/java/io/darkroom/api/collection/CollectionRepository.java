package io.darkroom.api.collection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Collections and the membership of images in them. Every rule is held by a constraint or a guarded
 * statement, never by a read in Java followed by a write: one column per image (at most one
 * collection), a foreign key (the collection exists; a non-empty one cannot be deleted), and
 * updates that only move images that are free or already here.
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
   * Moves free images (and those already here) into the collection; returns how many rows matched.
   */
  @Query(
      """
      UPDATE images SET collection_id = :collectionId, updated_at = now()
       WHERE owner_id = :ownerId AND id IN (:ids)
         AND (collection_id IS NULL OR collection_id = :collectionId)
      """)
  int addImages(UUID collectionId, String ownerId, Collection<UUID> ids);

  @Query(
      """
      UPDATE images SET collection_id = NULL, updated_at = now()
       WHERE owner_id = :ownerId AND id IN (:ids) AND collection_id = :collectionId
      """)
  int removeImages(UUID collectionId, String ownerId, Collection<UUID> ids);

  @Query(
      value = "SELECT id, collection_id FROM images WHERE owner_id = :ownerId AND id IN (:ids)",
      nativeQuery = true)
  List<Membership> membership(String ownerId, Collection<UUID> ids);

  @Query(
      value =
          "SELECT collection_id, count(*) AS count FROM images WHERE collection_id IN (:ids)"
              + " GROUP BY collection_id",
      nativeQuery = true)
  List<ImageCount> imageCounts(Collection<UUID> ids);

  /**
   * Locks the collection against deletion until the transaction ends; empty when unknown or not
   * owned.
   */
  @Query(
      value = "SELECT * FROM collections WHERE id = :id AND owner_id = :ownerId FOR SHARE",
      nativeQuery = true)
  Optional<CollectionEntity> lockOwned(UUID id, String ownerId);
}
