package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import java.util.List;
import java.util.UUID;

/**
 * An image whose original a worker fetches from {@code url}, about to be recorded.
 *
 * @param originalKey where the worker stores what the URL answers
 * @param renditions already resolved (a request's, or presets)
 */
public record ImportedImage(
    UUID id,
    String ownerId,
    String originalKey,
    String url,
    String filename,
    @Nullable String description,
    List<RenditionSpec> renditions) {

  public ImportedImage {
    renditions = List.copyOf(renditions);
  }
}
