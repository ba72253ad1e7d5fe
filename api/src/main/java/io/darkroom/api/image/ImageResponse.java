package io.darkroom.api.image;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image as clients see it. */
@Serdeable
@Schema(name = "Image")
public record ImageResponse(
    UUID uuid,
    String filename,
    @Nullable String description,
    ImageStatus status,
    @Nullable String contentType,
    @Nullable Long bytes,
    @Nullable Integer width,
    @Nullable Integer height,
    @Nullable String sha256,
    @Nullable UUID collectionId,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant completedAt,
    @Nullable @Schema(type = "object", nullable = true, implementation = Failure.class)
        Failure failure,
    List<Rendition> renditions,
    @Nullable @Schema(type = "object", nullable = true, implementation = Source.class)
        Source source) {

  static ImageResponse from(ImageEntity e) {
    String base = "/api/v1/images/" + e.id() + "/renditions/";
    List<Rendition> renditions =
        e.renditions() == null
            ? List.of()
            : e.renditions().stream()
                .map(
                    r ->
                        new Rendition(
                            r.name(),
                            r.width(),
                            r.height(),
                            r.format().wireName(),
                            r.bytes(),
                            base + r.name()))
                .toList();
    Failure failure =
        e.failureCode() == null
            ? null
            : new Failure(
                e.failureCode(), e.failureDetail(), Boolean.TRUE.equals(e.failureRetryable()));
    return new ImageResponse(
        e.id(),
        e.filename(),
        e.description(),
        e.status(),
        e.contentType(),
        e.bytes(),
        e.width(),
        e.height(),
        e.sha256(),
        e.collectionId(),
        e.createdAt(),
        e.updatedAt(),
        e.completedAt(),
        failure,
        renditions,
        e.sourceUrl() == null ? null : new Source(e.sourceUrl()));
  }

  /** The URL an imported image's original is fetched from, as it was given. */
  @Serdeable
  @Schema(
      name = "ImageSource",
      description = "Where an imported image's original is fetched from; null for an upload")
  public record Source(String url) {}

  /**
   * Why processing failed: a stable code, a sentence, and whether {@code POST
   * /{uuid}/actions/retry} may succeed.
   */
  @Serdeable
  @Schema(name = "Failure")
  public record Failure(String code, @Nullable String detail, boolean retryable) {}

  /**
   * One rendition; {@code url} is the api's download link, which redirects to a short-lived
   * presigned GET.
   */
  @Serdeable
  @Schema(name = "Rendition")
  public record Rendition(
      String name, int width, int height, String format, long bytes, String url) {}
}
