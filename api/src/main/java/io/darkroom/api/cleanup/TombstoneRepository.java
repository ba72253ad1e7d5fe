package io.darkroom.api.cleanup;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface TombstoneRepository extends CrudRepository<Tombstone, UUID> {
  @Query(
      value =
          "SELECT * FROM deleted_images WHERE purge_after < :now ORDER BY purge_after LIMIT :limit",
      nativeQuery = true)
  List<Tombstone> findDue(Instant now, int limit);

  @Query(value = "SELECT image_id FROM deleted_images WHERE image_id IN (:ids)", nativeQuery = true)
  List<UUID> findKnown(List<UUID> ids);
}
