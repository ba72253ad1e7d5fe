package io.darkroom.api.collection;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
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
  @Schema(name = "CollectionPage")
  record CollectionPage(List<CollectionView> data, PageMeta meta) {}

  @Serdeable
  @Schema(name = "ImageIdentifier")
  record ImageIdentifier(
      @NotNull @Pattern(regexp = "images", message = "must be images") String type,
      @NotNull UUID uuid) {}

  /**
   * Which images to add or remove: {@code {"imageIds": [...]}}. The relationship document of 0.1
   * ({@code {"data": [{"type": "images", "uuid": ...}]}}) is still read, until 0.3.
   */
  @Serdeable
  @Schema(
      name = "ImageIds",
      description =
          "The images to add or remove, 1 to 100: imageIds (data is the deprecated 0.1 form)")
  record ImageIds(
      @Nullable @Size(min = 1, max = 100) List<@NotNull UUID> imageIds,
      @Nullable
          @Size(min = 1, max = 100)
          @Schema(deprecated = true, description = "Deprecated since 0.2: use imageIds")
          List<@NotNull @Valid ImageIdentifier> data) {

    /** Exactly one of the two forms; a 400 naming imageIds otherwise. */
    List<UUID> ids() {
      if ((imageIds == null) == (data == null)) {
        throw ApiException.invalid("imageIds", "must hold 1 to 100 image ids");
      }
      return imageIds != null ? imageIds : data.stream().map(ImageIdentifier::uuid).toList();
    }
  }
}
