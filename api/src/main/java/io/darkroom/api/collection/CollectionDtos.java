package io.darkroom.api.collection;

import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the collection endpoints, in the JSON:API-like shape existing clients use. */
final class CollectionDtos {
  private CollectionDtos() {}

  @Serdeable
  @Schema(name = "CollectionCreate")
  record CreateRequest(
      @NotNull @Size(min = 2, max = TextLimits.NAME) @Schema(example = "Holidays 2026") String name,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description) {}

  @Serdeable
  @Schema(
      name = "CollectionPatch",
      description = "Fields to change; an empty description clears it")
  record PatchRequest(
      @Nullable @Size(min = 2, max = TextLimits.NAME) String name,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description) {}

  @Serdeable
  @Schema(name = "Collection")
  record CollectionView(
      UUID uuid,
      String name,
      @Nullable String description,
      long imageCount,
      Instant createdAt,
      Instant updatedAt) {

    static CollectionView from(CollectionEntity e, long imageCount) {
      return new CollectionView(
          e.id(), e.name(), e.description(), imageCount, e.createdAt(), e.updatedAt());
    }
  }

  @Serdeable
  @Schema(name = "CollectionWithImages")
  record CollectionDetail(
      UUID uuid,
      String name,
      @Nullable String description,
      long imageCount,
      Instant createdAt,
      Instant updatedAt,
      List<ImageResponse> images,
      PageMeta meta) {}

  @Serdeable
  @Schema(name = "CollectionPage")
  record CollectionPage(List<CollectionView> data, PageMeta meta) {}

  /** {@code {"data": ...}} around a single resource. */
  @Serdeable
  record Data<T>(T data) {}

  @Serdeable
  @Schema(name = "ImageIdentifier")
  record ImageIdentifier(
      @NotNull @Pattern(regexp = "images", message = "must be images") String type,
      @NotNull UUID uuid) {}

  @Serdeable
  @Schema(
      name = "ImageRelationships",
      description = "{\"data\":[{\"type\":\"images\",\"uuid\":\"...\"}]}")
  record Relationships(@NotEmpty @Size(max = 100) List<@NotNull @Valid ImageIdentifier> data) {}
}
