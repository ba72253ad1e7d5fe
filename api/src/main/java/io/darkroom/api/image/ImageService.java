package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.outbox.CommandOutbox;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of images: recording them, asking for processing, applying outcomes, reading them.
 */
@Singleton
public class ImageService {
  private static final Logger LOG = LoggerFactory.getLogger(ImageService.class);

  private final ImageRepository images;
  private final CommandOutbox outbox;
  private final ObjectStorage storage;
  private final RenditionPresets presets;
  private final ObjectMapper json;

  ImageService(
      ImageRepository images,
      CommandOutbox outbox,
      ObjectStorage storage,
      RenditionPresets presets,
      ObjectMapper json) {
    this.images = images;
    this.outbox = outbox;
    this.storage = storage;
    this.presets = presets;
    this.json = json;
  }

  /**
   * Records a stored original as {@code pending} and queues its processing command, in one
   * transaction: the image exists exactly when its command will be sent.
   */
  @Transactional
  public ImageResponse registerUploaded(NewImage image) {
    Instant now = Instant.now();
    List<RenditionSpec> specs =
        image.renditions() == null ? presets.defaults() : image.renditions();
    ImageEntity entity =
        images.save(
            new ImageEntity(
                image.id(),
                image.ownerId(),
                image.filename(),
                image.description(),
                ImageStatus.PENDING,
                image.format().mediaType(),
                image.bytes(),
                null,
                null,
                image.sha256(),
                image.originalKey(),
                null,
                specs,
                null,
                null,
                null,
                now,
                now,
                null));
    outbox.enqueue(
        new ProcessImageCommand(
            SchemaVersion.CURRENT,
            UUID.randomUUID(),
            image.id(),
            image.ownerId(),
            new ProcessImageCommand.SourceObject(
                storage.uploadsBucket(),
                image.originalKey(),
                image.format().mediaType(),
                image.bytes()),
            specs,
            now));
    LOG.info(
        "Image {} recorded as pending, {} bytes, {}", image.id(), image.bytes(), image.format());
    return ImageResponse.from(entity);
  }

  public ImageResponse get(String ownerId, UUID id) {
    return ImageResponse.from(find(ownerId, id));
  }

  /** A short-lived presigned GET for one rendition of one of the owner's images. */
  public URI renditionUrl(String ownerId, UUID id, String name) {
    ImageEntity image = find(ownerId, id);
    StoredRendition rendition =
        (image.renditions() == null ? List.<StoredRendition>of() : image.renditions())
            .stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        ApiException.notFound(
                            "Image " + id + " has no rendition named " + name + "."));
    return URI.create(storage.presignedGet(rendition.bucket(), rendition.key()));
  }

  /** A short-lived presigned GET for the original, once it has been uploaded. */
  public URI originalUrl(String ownerId, UUID id) {
    ImageEntity image = find(ownerId, id);
    if (storage.stat(storage.uploadsBucket(), image.originalKey()).isEmpty()) {
      throw ApiException.notFound("Image " + id + " has no uploaded original.");
    }
    return URI.create(storage.presignedGet(storage.uploadsBucket(), image.originalKey()));
  }

  ImageEntity find(String ownerId, UUID id) {
    return images
        .findByIdAndOwnerId(id, ownerId)
        .orElseThrow(() -> ApiException.notFound("No image " + id + "."));
  }

  /**
   * Applies a worker's outcome. Idempotent: only a {@code pending} or {@code processing} image
   * moves, so a redelivered or late event changes nothing.
   */
  @Transactional
  public void recordOutcome(ImageEvent event) {
    int moved;
    if (event instanceof ImageProcessed done) {
      moved =
          images.markSucceeded(
              done.imageId(), done.source().width(), done.source().height(), renditionsJson(done));
    } else {
      ImageProcessingFailed failed = (ImageProcessingFailed) event;
      moved = images.markFailed(failed.imageId(), failed.code().wireName(), failed.detail());
    }
    if (moved == 0) {
      LOG.info(
          "Image {}: {} ignored, the image is gone or already final", event.imageId(), kind(event));
    } else {
      LOG.info("Image {}: {}", event.imageId(), kind(event));
    }
  }

  private String renditionsJson(ImageProcessed done) {
    List<StoredRendition> renditions =
        done.renditions().stream()
            .map(
                r ->
                    new StoredRendition(
                        r.name(),
                        r.bucket(),
                        r.key(),
                        r.width(),
                        r.height(),
                        r.format(),
                        r.bytes()))
            .toList();
    try {
      return json.writeValueAsString(renditions);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String kind(ImageEvent event) {
    return event instanceof ImageProcessed ? "succeeded" : "failed";
  }
}
