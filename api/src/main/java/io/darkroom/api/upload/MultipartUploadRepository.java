package io.darkroom.api.upload;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface MultipartUploadRepository extends CrudRepository<MultipartUploadEntity, String> {
  Optional<MultipartUploadEntity> findByUploadIdAndOwnerId(String uploadId, String ownerId);

  @Query(
      value =
          "SELECT * FROM multipart_uploads WHERE created_at < :cutoff ORDER BY created_at"
              + " LIMIT :limit",
      nativeQuery = true)
  List<MultipartUploadEntity> findCreatedBefore(Instant cutoff, int limit);
}
