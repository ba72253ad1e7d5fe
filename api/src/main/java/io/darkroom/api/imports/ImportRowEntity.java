package io.darkroom.api.imports;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.util.UUID;

/** A row of {@code import_rows}: one product of the CSV, its URLs in the order written. */
@MappedEntity("import_rows")
record ImportRowEntity(
    @Id UUID id,
    UUID importId,
    int line,
    String serialNumber,
    String productName,
    @TypeDef(type = DataType.STRING_ARRAY) String[] urls) {}
