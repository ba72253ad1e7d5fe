package io.darkroom.api.image;

import io.micronaut.core.annotation.Nullable;
import java.util.UUID;

/**
 * Which of one owner's images a list shows; every part is optional.
 *
 * @param search matched case-insensitively against filename and description
 */
public record ImageFilter(
    @Nullable String search, @Nullable ImageStatus status, @Nullable UUID collectionId) {

  public static ImageFilter inCollection(UUID collectionId) {
    return new ImageFilter(null, null, collectionId);
  }
}
