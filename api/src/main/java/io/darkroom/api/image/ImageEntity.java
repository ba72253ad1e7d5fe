package io.darkroom.api.image;

import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code images}. Read whole; changed only through the guarded updates of the repository.
 *
 * @param originalKey the checked original, which only the api writes; every key of the image is
 *     under its prefix
 * @param uploadKey what the client's presigned URL or form writes, for an image uploaded that way
 * @param processingRequestedAt when its latest processing command was queued
 * @param processingStartedAt when a worker took that command
 * @param sourceUrl the URL an imported image's original is fetched from, by a worker
 */
@MappedEntity("images")
record ImageEntity(
    @Id UUID id,
    String ownerId,
    String filename,
    @Nullable String description,
    @MappedProperty(converter = ImageStatusConverter.class) ImageStatus status,
    @Nullable String contentType,
    @Nullable Long bytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable String sha256,
    String originalKey,
    @Nullable String uploadKey,
    @Nullable UUID collectionId,
    @TypeDef(type = DataType.JSON) List<RenditionSpec> renditionSpecs,
    @Nullable @TypeDef(type = DataType.JSON) List<StoredRendition> renditions,
    @Nullable String failureCode,
    @Nullable String failureDetail,
    @Nullable Boolean failureRetryable,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant completedAt,
    @Nullable Instant processingRequestedAt,
    @Nullable Instant processingStartedAt,
    @Nullable String sourceUrl) {

  /** A stored, checked original, recorded as {@code pending} with its command queued now. */
  static ImageEntity pending(NewImage image, List<RenditionSpec> specs, Instant now) {
    return new Builder(image.id(), image.ownerId(), image.originalKey(), specs, now)
        .filename(image.filename())
        .description(image.description())
        .status(ImageStatus.PENDING)
        .stored(image.format().mediaType(), image.bytes(), image.sha256())
        .processingRequestedAt(now)
        .build();
  }

  /**
   * An image imported from a URL, recorded as {@code pending} with its command queued now: the
   * worker fetches the original into {@code originalKey}, finding out its type and size.
   */
  static ImageEntity imported(ImportedImage image, Instant now) {
    return new Builder(image.id(), image.ownerId(), image.originalKey(), image.renditions(), now)
        .filename(image.filename())
        .description(image.description())
        .status(ImageStatus.PENDING)
        .sourceUrl(image.url())
        .processingRequestedAt(now)
        .build();
  }

  /** An image whose original the client will write to {@code uploadKey} itself. */
  static ImageEntity awaitingUpload(AwaitedImage image, List<RenditionSpec> specs, Instant now) {
    return new Builder(image.id(), image.ownerId(), image.originalKey(), specs, now)
        .filename(image.filename())
        .status(ImageStatus.AWAITING_UPLOAD)
        .uploadKey(image.uploadKey())
        .stored(image.expected().mediaType(), null, null)
        .build();
  }

  /** The fields a new row starts with; everything else is written by the guarded updates. */
  private static final class Builder {
    private final UUID id;
    private final String ownerId;
    private final String originalKey;
    private final List<RenditionSpec> specs;
    private final Instant now;
    private String filename;
    private String description;
    private ImageStatus status;
    private String uploadKey;
    private String contentType;
    private Long bytes;
    private String sha256;
    private Instant processingRequestedAt;
    private String sourceUrl;

    Builder(UUID id, String ownerId, String originalKey, List<RenditionSpec> specs, Instant now) {
      this.id = id;
      this.ownerId = ownerId;
      this.originalKey = originalKey;
      this.specs = specs;
      this.now = now;
    }

    Builder filename(String value) {
      filename = value;
      return this;
    }

    Builder description(@Nullable String value) {
      description = value;
      return this;
    }

    Builder status(ImageStatus value) {
      status = value;
      return this;
    }

    Builder uploadKey(String value) {
      uploadKey = value;
      return this;
    }

    Builder stored(String type, @Nullable Long size, @Nullable String digest) {
      contentType = type;
      bytes = size;
      sha256 = digest;
      return this;
    }

    Builder sourceUrl(String value) {
      sourceUrl = value;
      return this;
    }

    Builder processingRequestedAt(Instant value) {
      processingRequestedAt = value;
      return this;
    }

    ImageEntity build() {
      return new ImageEntity(
          id,
          ownerId,
          filename,
          description,
          status,
          contentType,
          bytes,
          null,
          null,
          sha256,
          originalKey,
          uploadKey,
          null,
          specs,
          null,
          null,
          null,
          null,
          now,
          now,
          null,
          processingRequestedAt,
          null,
          sourceUrl);
    }
  }
}
