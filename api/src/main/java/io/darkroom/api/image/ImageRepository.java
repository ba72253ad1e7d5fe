package io.darkroom.api.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Access to {@code images}. Every read for a request is scoped by owner; every status change is an
 * {@code UPDATE ... WHERE status IN (...)} that returns how many rows moved, so racing or repeated
 * writers cannot move an image backwards.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ImageRepository
    extends CrudRepository<ImageEntity, UUID>, JpaSpecificationExecutor<ImageEntity> {

  /**
   * The images a worker's outcome may still move: not finished yet, or failed for a reason that may
   * pass. A success or a permanent failure is final.
   */
  String OUTCOME_MAY_MOVE =
      "(status IN ('pending', 'processing') OR status = 'failed' AND failure_retryable)";

  Optional<ImageEntity> findByIdAndOwnerId(UUID id, String ownerId);

  List<ImageEntity> findByOwnerIdAndIdIn(String ownerId, Collection<UUID> ids);

  @Query(
      """
      UPDATE images
         SET status = 'succeeded', width = :width, height = :height,
             content_type = COALESCE(content_type, CAST(:contentType AS text)),
             bytes = COALESCE(bytes, CAST(:bytes AS bigint)),
             renditions = CAST(:renditionsJson AS jsonb),
             timings = CAST(:timingsJson AS jsonb),
             failure_code = NULL, failure_detail = NULL, failure_retryable = NULL,
             completed_at = now(), updated_at = now()
       WHERE id = :id AND
      """
          + OUTCOME_MAY_MOVE)
  /**
   * {@code contentType} and {@code bytes} are what the worker found the original to be: recorded
   * only where the api did not know them (an imported image).
   */
  int markSucceeded(
      UUID id,
      int width,
      int height,
      @Nullable String contentType,
      @Nullable Long bytes,
      String renditionsJson,
      @Nullable String timingsJson);

  @Query(
      """
      UPDATE images
         SET status = 'failed', failure_code = :code, failure_detail = :detail,
             failure_retryable = :retryable, completed_at = now(), updated_at = now()
       WHERE id = :id AND
      """
          + OUTCOME_MAY_MOVE)
  int markFailed(UUID id, String code, String detail, boolean retryable);

  /** failed with a retryable reason -> pending, once: a second or racing call moves nothing. */
  @Query(
      """
      UPDATE images
         SET status = 'pending', failure_code = NULL, failure_detail = NULL,
             failure_retryable = NULL, completed_at = NULL, updated_at = now(),
             processing_requested_at = now(), processing_started_at = NULL
       WHERE id = :id AND owner_id = :ownerId AND status = 'failed' AND failure_retryable
      """)
  int markRetrying(UUID id, String ownerId);

  /** awaiting_upload -> pending, once: a second call (or a racing one) moves nothing and gets 0. */
  @Query(
      """
      UPDATE images
         SET status = 'pending', filename = :filename, description = :description,
             content_type = :contentType, bytes = :bytes, width = :width, height = :height,
             rendition_specs = CAST(:specsJson AS jsonb), updated_at = now(),
             processing_requested_at = now(), processing_started_at = NULL
       WHERE id = :id AND owner_id = :ownerId AND status = 'awaiting_upload'
      """)
  int markPending(
      UUID id,
      String ownerId,
      String filename,
      @Nullable String description,
      String contentType,
      long bytes,
      int width,
      int height,
      String specsJson);

  @Query(
      value =
          "SELECT * FROM images WHERE status = 'awaiting_upload' AND created_at < :cutoff"
              + " ORDER BY created_at LIMIT :limit",
      nativeQuery = true)
  List<ImageEntity> findAwaitingUploadSince(Instant cutoff, int limit);

  /**
   * A worker took the image's command: pending -> processing, and the processing clock starts (or
   * starts again, for a redelivery after a worker died). An image already final stays so.
   */
  @Query(
      """
      UPDATE images
         SET status = 'processing', processing_started_at = now(), updated_at = now()
       WHERE id = :id AND status IN ('pending', 'processing')
      """)
  int markStarted(UUID id);

  /**
   * Fails, oldest first, up to {@code limit} images a worker started on before {@code cutoff} with
   * no outcome since; a late outcome still moves them (see markSucceeded). Rows another api
   * instance is timing out are skipped.
   *
   * <p>The lock is {@code FOR NO KEY UPDATE}, the one PostgreSQL's UPDATE of a non-key column takes
   * anyway. It must not be spelled {@code FOR UPDATE}: Micronaut Data classifies a raw query with
   * those words as a SELECT and runs it with executeQuery, which the driver answers, after the
   * update is done, with "No results were returned by the query" (ProcessingTimeoutIT).
   */
  @Query(
      """
      UPDATE images
         SET status = 'failed', failure_code = 'processing_timeout', failure_detail = :detail,
             failure_retryable = true, completed_at = now(), updated_at = now()
       WHERE id IN (SELECT id FROM images
                     WHERE status = 'processing' AND processing_started_at < :cutoff
                     ORDER BY processing_started_at LIMIT :limit FOR NO KEY UPDATE SKIP LOCKED)
      """)
  int failStartedBefore(Instant cutoff, String detail, int limit);

  /**
   * Fails, oldest first, up to {@code limit} images whose command was queued before {@code cutoff}
   * and that no worker has taken since: the command is taken to be lost. As above otherwise.
   */
  @Query(
      """
      UPDATE images
         SET status = 'failed', failure_code = 'processing_timeout', failure_detail = :detail,
             failure_retryable = true, completed_at = now(), updated_at = now()
       WHERE id IN (SELECT id FROM images
                     WHERE status = 'pending' AND processing_requested_at < :cutoff
                     ORDER BY processing_requested_at LIMIT :limit FOR NO KEY UPDATE SKIP LOCKED)
      """)
  int failQueuedBefore(Instant cutoff, String detail, int limit);

  /** Pending and processing images of every owner: how many, and since when the oldest waits. */
  @Query(
      value =
          "SELECT status, count(*) AS count, min(processing_requested_at) AS oldest FROM images"
              + " WHERE status IN ('pending', 'processing') GROUP BY status",
      nativeQuery = true)
  List<StatusBacklog> unfinishedBacklog();

  /**
   * Deletes the row only if it is still waiting for its upload; 0 when a process action got there
   * first.
   */
  @Query("DELETE FROM images WHERE id = :id AND status = 'awaiting_upload'")
  int deleteIfAwaitingUpload(UUID id);

  /**
   * Moves free images (and those already here) into the collection; returns how many rows matched.
   */
  @Query(
      """
      UPDATE images SET collection_id = :collectionId, updated_at = now()
       WHERE owner_id = :ownerId AND id IN (:ids)
         AND (collection_id IS NULL OR collection_id = :collectionId)
      """)
  int addToCollection(UUID collectionId, String ownerId, Collection<UUID> ids);

  @Query(
      """
      UPDATE images SET collection_id = NULL, updated_at = now()
       WHERE owner_id = :ownerId AND id IN (:ids) AND collection_id = :collectionId
      """)
  int removeFromCollection(UUID collectionId, String ownerId, Collection<UUID> ids);

  @Query(
      value = "SELECT id, collection_id FROM images WHERE owner_id = :ownerId AND id IN (:ids)",
      nativeQuery = true)
  List<Membership> membership(String ownerId, Collection<UUID> ids);

  @Query(
      value =
          "SELECT collection_id, count(*) AS count FROM images WHERE collection_id IN (:ids)"
              + " GROUP BY collection_id",
      nativeQuery = true)
  List<ImageCount> countInCollections(Collection<UUID> ids);
}
