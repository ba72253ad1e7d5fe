package io.darkroom.api.cleanup;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;
import java.util.UUID;

/**
 * What the reconciliation reads of the images table: read-only, and only here, so the image
 * feature's own repository keeps its guarded updates to itself.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ReconciliationQueries extends GenericRepository<Tombstone, UUID> {

  @Query(value = "SELECT id FROM images WHERE id IN (:ids)", nativeQuery = true)
  List<UUID> findExistingImages(List<UUID> ids);

  /** Succeeded images after {@code after} in id order, with the keys they must have. */
  @Query(
      value =
          "SELECT id, original_key, (SELECT coalesce(array_agg(r->>'key'), '{}') FROM"
              + " jsonb_array_elements(coalesce(renditions, '[]'::jsonb)) r) AS rendition_keys"
              + " FROM images WHERE status = 'succeeded' AND id > :after ORDER BY id LIMIT :limit",
      nativeQuery = true)
  List<StoredImage> findSucceededAfter(UUID after, int limit);

  @Introspected
  record StoredImage(UUID id, String originalKey, @Nullable String[] renditionKeys) {}
}
