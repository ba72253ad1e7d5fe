package io.darkroom.api.imports;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ImportImageRepository extends CrudRepository<ImportImageEntity, UUID> {
  List<ImportImageEntity> findByImportId(UUID importId);

  List<ImportImageEntity> findByImportIdAndUrlIn(UUID importId, List<String> urls);

  /** How the import's images stand; an image deleted since counts as failed. */
  @Query(
      value =
          """
          SELECT count(*) FILTER (WHERE i.status = 'succeeded') AS succeeded,
                 count(*) FILTER (WHERE i.status IS NULL OR i.status = 'failed') AS failed,
                 count(*) FILTER (WHERE i.status IN ('pending', 'processing')) AS pending
            FROM import_images m LEFT JOIN images i ON i.id = m.image_id
           WHERE m.import_id = :importId
          """,
      nativeQuery = true)
  ImportCounts countsOf(UUID importId);
}
