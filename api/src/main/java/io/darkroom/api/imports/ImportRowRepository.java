package io.darkroom.api.imports;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ImportRowRepository extends CrudRepository<ImportRowEntity, UUID> {
  Page<ImportRowEntity> findByImportId(UUID importId, Pageable pageable);

  List<ImportRowEntity> findByImportIdOrderByLine(UUID importId);
}
