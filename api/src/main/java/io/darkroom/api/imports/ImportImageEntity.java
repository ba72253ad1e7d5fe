package io.darkroom.api.imports;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** A row of {@code import_images}: the image one distinct URL of an import became. */
@MappedEntity("import_images")
record ImportImageEntity(@Id UUID imageId, UUID importId, String url) {}
