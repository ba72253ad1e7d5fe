package io.darkroom.api.image;

import io.darkroom.api.cleanup.Tombstones;
import io.darkroom.api.error.ApiException;
import io.darkroom.api.outbox.CommandOutbox;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.SourceFormat;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
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
  private final Tombstones tombstones;
  private final TransactionOperations<Connection> transactions;

  ImageService(
      ImageRepository images,
      CommandOutbox outbox,
      ObjectStorage storage,
      RenditionPresets presets,
      ObjectMapper json,
      Tombstones tombstones,
      TransactionOperations<Connection> transactions) {
    this.images = images;
    this.outbox = outbox;
    this.storage = storage;
    this.presets = presets;
    this.json = json;
    this.tombstones = tombstones;
    this.transactions = transactions;
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
                null,
                specs,
                null,
                null,
                null,
                null,
                now,
                now,
                null,
                now,
                null));
    enqueueProcessing(
        image.id(), image.ownerId(), image.originalKey(), image.format(), image.bytes(), specs);
    LOG.info(
        "Image {} recorded as pending, {} bytes, {}", image.id(), image.bytes(), image.format());
    return ImageResponse.from(entity);
  }

  /**
   * Records an image whose original the client will PUT or POST to storage itself. It waits in
   * {@code awaiting_upload} until the process action, or is expired.
   */
  public ImageResponse registerAwaitingUpload(
      UUID id,
      String ownerId,
      String uploadKey,
      String originalKey,
      String filename,
      SourceFormat expected) {
    Instant now = Instant.now();
    ImageEntity entity =
        images.save(
            new ImageEntity(
                id,
                ownerId,
                filename,
                null,
                ImageStatus.AWAITING_UPLOAD,
                expected.mediaType(),
                null,
                null,
                null,
                null,
                originalKey,
                uploadKey,
                null,
                presets.defaults(),
                null,
                null,
                null,
                null,
                now,
                now,
                null,
                null,
                null));
    return ImageResponse.from(entity);
  }

  /**
   * Where the client's upload of an image still waiting for it is, and where its checked original
   * goes: 404 if the caller has no such image, 409 if it was already sent for processing.
   */
  public AwaitingUpload awaitingUpload(String ownerId, UUID id) {
    ImageEntity image = find(ownerId, id);
    if (image.status() != ImageStatus.AWAITING_UPLOAD || image.uploadKey() == null) {
      throw alreadyProcessed(image.id(), image.status());
    }
    return new AwaitingUpload(image.uploadKey(), image.originalKey());
  }

  /**
   * @param uploadKey what the client's URL or form writes
   * @param originalKey where the checked copy goes; the same key only for an image whose URL was
   *     issued before uploads and originals had keys of their own (V9)
   */
  public record AwaitingUpload(String uploadKey, String originalKey) {}

  /**
   * awaiting_upload -> pending with its processing command, in one transaction. The guarded update
   * makes a second or racing call a 409 that sends nothing.
   */
  @Transactional
  public ImageResponse startProcessing(StartProcessing request) {
    List<RenditionSpec> specs =
        request.renditions() == null ? presets.defaults() : request.renditions();
    int moved =
        images.markPending(
            request.id(),
            request.ownerId(),
            request.filename(),
            request.description(),
            request.format().mediaType(),
            request.bytes(),
            request.width(),
            request.height(),
            toJson(specs));
    ImageEntity image = find(request.ownerId(), request.id());
    if (moved == 0) {
      throw alreadyProcessed(image.id(), image.status());
    }
    enqueueProcessing(
        image.id(), image.ownerId(), image.originalKey(), request.format(), request.bytes(), specs);
    LOG.info(
        "Image {} sent for processing, {} bytes, {}",
        image.id(),
        request.bytes(),
        request.format());
    return ImageResponse.from(image);
  }

  /**
   * failed -> pending with a new processing command, for a failure whose reason may pass (storage
   * or the broker away, no outcome in time). The same original and renditions; 409 for any other
   * status or a permanent failure, which the same bytes would meet again.
   */
  @Transactional
  public ImageResponse retry(String ownerId, UUID id) {
    if (outbox.holdsCommandFor(id)) {
      find(ownerId, id); // 404 for another owner's image
      throw ApiException.conflict(
          "Image "
              + id
              + " still has a processing command waiting to be sent; it is processed when the"
              + " broker takes it.");
    }
    int moved = images.markRetrying(id, ownerId);
    ImageEntity image = find(ownerId, id);
    if (moved == 0) {
      throw ApiException.conflict(
          image.status() == ImageStatus.FAILED
              ? "Image "
                  + id
                  + " failed with "
                  + image.failureCode()
                  + ", which processing it again would meet again."
              : "Image "
                  + id
                  + " is "
                  + image.status().wireName()
                  + "; only a failed image can be retried.");
    }
    enqueueProcessing(
        image.id(),
        image.ownerId(),
        image.originalKey(),
        SourceFormat.byMediaType(image.contentType()).orElseThrow(),
        image.bytes(),
        image.renditionSpecs());
    LOG.info("Image {} sent for processing again", id);
    return ImageResponse.from(image);
  }

  public ImagePage list(String ownerId, ImageQuery query) {
    PredicateSpecification<ImageEntity> spec = ImageSpecifications.ownedBy(ownerId);
    if (query.status() != null) {
      spec = spec.and(ImageSpecifications.hasStatus(query.status()));
    }
    if (query.collectionId() != null) {
      spec = spec.and(ImageSpecifications.inCollection(query.collectionId()));
    }
    if (query.search() != null && !query.search().isBlank()) {
      spec = spec.and(ImageSpecifications.matches(query.search().strip()));
    }
    Sort.Order order =
        query.ascending() ? Sort.Order.asc(query.sortBy()) : Sort.Order.desc(query.sortBy());
    // id breaks ties so that pages never overlap or skip rows with equal sort keys
    Sort sort = Sort.of(order, query.ascending() ? Sort.Order.asc("id") : Sort.Order.desc("id"));
    Page<ImageEntity> page =
        images.findAll(spec, Pageable.from(query.page() - 1, query.limit(), sort));
    return new ImagePage(
        page.getContent().stream().map(ImageResponse::from).toList(),
        new PageMeta(query.page(), query.limit(), page.getTotalSize()));
  }

  /**
   * Deletes the row and leaves a tombstone in one transaction, then removes the image's objects. If
   * storage is away, or a worker already decoding it (or a client whose upload URL is still valid)
   * writes after this, the tombstone's sweep clears the prefix again once the deletion grace is
   * over: the request never fails for storage, and nothing stays behind.
   */
  public void delete(String ownerId, UUID id) {
    ImageEntity image = find(ownerId, id);
    String prefix = ObjectKeys.prefixOfOriginal(image.originalKey(), image.id());
    transactions.executeWrite(
        status -> {
          images.deleteById(image.id());
          tombstones.record(image.id(), prefix);
          return null;
        });
    removeObjects(image.id(), prefix);
    LOG.info("Image {} deleted", id);
  }

  private void removeObjects(UUID id, String prefix) {
    try {
      storage.removePrefix(storage.uploadsBucket(), prefix);
      storage.removePrefix(storage.processedBucket(), prefix);
    } catch (RuntimeException e) {
      LOG.warn("Image {}: objects not removed yet, its tombstone will: {}", id, e.toString());
    }
  }

  /**
   * Expires images that waited longer than {@code ttl} for their upload: the row first (only if
   * still waiting), then whatever the client may have stored.
   */
  public int expireAwaitingUpload(Duration ttl, int batch) {
    int expired = 0;
    for (ImageEntity image : images.findAwaitingUploadSince(Instant.now().minus(ttl), batch)) {
      String prefix = ObjectKeys.prefixOfOriginal(image.originalKey(), image.id());
      boolean deleted =
          transactions.executeWrite(
              status -> {
                if (images.deleteIfAwaitingUpload(image.id()) == 0) {
                  return false;
                }
                tombstones.record(image.id(), prefix);
                return true;
              });
      if (deleted) {
        removeObjects(image.id(), prefix);
        expired++;
        LOG.info("Image {} expired: nothing was processed within {}", image.id(), ttl);
      }
    }
    return expired;
  }

  /** The processing command of one stored original, into the outbox of the caller's transaction. */
  private void enqueueProcessing(
      UUID id,
      String ownerId,
      String originalKey,
      SourceFormat format,
      long bytes,
      List<RenditionSpec> specs) {
    outbox.enqueue(
        new ProcessImageCommand(
            SchemaVersion.CURRENT,
            UUID.randomUUID(),
            id,
            ownerId,
            new ProcessImageCommand.SourceObject(
                storage.uploadsBucket(), originalKey, format.mediaType(), bytes),
            specs,
            Instant.now()));
  }

  private static ApiException alreadyProcessed(UUID id, ImageStatus status) {
    return ApiException.conflict(
        "Image " + id + " is already " + status.wireName() + "; an image is processed once.");
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    return URI.create(
        storage.presignedGet(
            rendition.bucket(), rendition.key(), rendition.format().mediaType(), null));
  }

  /** A short-lived presigned GET for the original, once it has been uploaded. */
  public URI originalUrl(String ownerId, UUID id) {
    ImageEntity image = find(ownerId, id);
    if (storage.stat(storage.uploadsBucket(), image.originalKey()).isEmpty()) {
      throw ApiException.notFound("Image " + id + " has no uploaded original.");
    }
    // the type sniffed from its bytes (never the client's), and a download, never a page
    String type = image.contentType() == null ? "application/octet-stream" : image.contentType();
    String extension =
        SourceFormat.byMediaType(type)
            .map(f -> f.wireName().equals("jpeg") ? "jpg" : f.wireName())
            .orElse("bin");
    return URI.create(
        storage.presignedGet(
            storage.uploadsBucket(), image.originalKey(), type, id + "." + extension));
  }

  ImageEntity find(String ownerId, UUID id) {
    return images
        .findByIdAndOwnerId(id, ownerId)
        .orElseThrow(() -> ApiException.notFound("No image " + id + "."));
  }

  /**
   * Applies a worker's outcome. Only a {@code pending} or {@code processing} image moves, or one
   * that failed for a retryable reason (a timeout, an earlier attempt): an outcome is final once it
   * is a success or a permanent failure, so a redelivered or late event changes nothing then.
   */
  @Transactional
  public void recordOutcome(ImageEvent event) {
    if (event instanceof ImageProcessingStarted started) {
      int moved = images.markStarted(started.imageId());
      LOG.debug(
          "Image {}: a worker started on it{}", started.imageId(), moved == 0 ? " (ignored)" : "");
      return;
    }
    int moved;
    if (event instanceof ImageProcessed done) {
      moved =
          images.markSucceeded(
              done.imageId(), done.source().width(), done.source().height(), renditionsJson(done));
    } else {
      ImageProcessingFailed failed = (ImageProcessingFailed) event;
      moved =
          images.markFailed(
              failed.imageId(), failed.code().wireName(), failed.detail(), failed.retryable());
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
