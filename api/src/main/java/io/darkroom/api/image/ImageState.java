package io.darkroom.api.image;

import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * Where an image stands, for a feature that lists many (an import's rows and output CSV).
 *
 * @param renditions the names of its stored renditions
 */
public record ImageState(
    UUID id, ImageStatus status, @Nullable String failureCode, List<String> renditions) {

  static ImageState of(ImageEntity image) {
    return new ImageState(
        image.id(),
        image.status(),
        image.failureCode(),
        image.renditions() == null
            ? List.of()
            : image.renditions().stream().map(StoredRendition::name).toList());
  }
}
