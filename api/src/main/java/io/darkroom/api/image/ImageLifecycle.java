package io.darkroom.api.image;

import io.darkroom.api.cleanup.Tombstones;
import io.darkroom.api.error.ApiException;
import io.darkroom.api.outbox.CommandOutbox;
import io.darkroom.api.rendition.RenditionPresets;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change of an image's lifecycle that a request or a job asks for: recording it, sending it
 * for processing (with its command, in the same transaction), retrying, deleting, expiring. The
 * only user of the outbox. Outcomes reported by workers are applied by {@link ImageOutcomes}.
 */
@Singleton
public class ImageLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ImageLifecycle.class);

  private final ImageRepository images;
  private final ImageQueries queries;
  private final CommandOutbox outbox;
  private final ObjectStorage storage;
  private final RenditionPresets presets;
  private final Tombstones tombstones;
  private final TransactionOperations<Connection> transactions;
  private final JsonColumns json;

  ImageLifecycle(
      ImageRepository images,
      ImageQueries queries,
      CommandOutbox outbox,
      ObjectStorage storage,
      RenditionPresets presets,
      Tombstones tombstones,
      TransactionOperations<Connection> transactions,
      JsonColumns json) {
    this.images = images;
    this.queries = queries;
    this.outbox = outbox;
    this.storage = storage;
    this.presets = presets;
    this.tombstones = tombstones;
    this.transactions = transactions;
    this.json = json;
  }

  /**
   * Records a stored original as {@code pending} and queues its processing command, in one
   * transaction: the image exists exactly when its command will be sent.
   */
  @Transactional
  public ImageResponse registerUploaded(NewImage image) {
    List<RenditionSpec> specs = specsOrPresets(image.renditions());
    ImageEntity entity = images.save(ImageEntity.pending(image, specs, Instant.now()));
    outbox.enqueue(command(entity));
    LOG.info(
        "Image {} recorded as pending, {} bytes, {}", image.id(), image.bytes(), image.format());
    return ImageResponse.from(entity);
  }

  /**
   * Records an image imported from a URL as {@code pending} and queues its command, in one
   * transaction; a worker fetches the original.
   */
  @Transactional
  public ImageResponse registerImported(ImportedImage image) {
    ImageEntity entity = images.save(ImageEntity.imported(image, Instant.now()));
    outbox.enqueue(command(entity));
    LOG.info("Image {} recorded as pending, imported from a URL", image.id());
    return ImageResponse.from(entity);
  }

  /**
   * Records many imported images and queues their commands, in the caller's transaction (a CSV
   * import records its rows with them), in batches of inserts.
   */
  @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
  public void registerImported(List<ImportedImage> imported) {
    Instant now = Instant.now();
    List<ImageEntity> entities = new ArrayList<>(imported.size());
    for (ImportedImage image : imported) {
      entities.add(ImageEntity.imported(image, now));
    }
    images.saveAll(entities);
    outbox.enqueueAll(entities.stream().map(this::command).toList());
  }

  /** The renditions a request asked for, or the configured presets. */
  public List<RenditionSpec> renditionsOrPresets(List<RenditionSpec> requested) {
    return specsOrPresets(requested);
  }

  /**
   * Records an image whose original the client will PUT or POST to storage itself. It waits in
   * {@code awaiting_upload} until the process action, or is expired.
   */
  public ImageResponse registerAwaitingUpload(AwaitedImage image) {
    return ImageResponse.from(
        images.save(ImageEntity.awaitingUpload(image, presets.defaults(), Instant.now())));
  }

  /**
   * @param uploadKey what the client's URL or form writes
   * @param originalKey where the checked copy goes; the same key only for an image whose URL was
   *     issued before uploads and originals had keys of their own (V9)
   */
  public record AwaitingUpload(UUID id, String uploadKey, String originalKey) {}

  /**
   * awaiting_upload -> pending with its processing command. {@code check} takes the client's upload
   * into the image's original and describes it (storage work, outside any transaction); then the
   * move and the command are written in one transaction. 404 if the caller has no such image; 409,
   * sending nothing, if it was already sent (before, or by a racing call).
   */
  public ImageResponse startProcessing(
      String ownerId,
      UUID id,
      StartProcessing request,
      Function<AwaitingUpload, CheckedOriginal> check) {
    ImageEntity awaiting = queries.find(ownerId, id);
    if (awaiting.status() != ImageStatus.AWAITING_UPLOAD || awaiting.uploadKey() == null) {
      throw alreadyProcessed(id, awaiting.status());
    }
    CheckedOriginal original =
        check.apply(new AwaitingUpload(id, awaiting.uploadKey(), awaiting.originalKey()));
    List<RenditionSpec> specs = specsOrPresets(request.renditions());
    ImageEntity image =
        transactions.executeWrite(
            status -> {
              int moved =
                  images.markPending(
                      id,
                      ownerId,
                      request.filename(),
                      request.description(),
                      original.format().mediaType(),
                      original.bytes(),
                      original.width(),
                      original.height(),
                      json.write(specs));
              ImageEntity current = queries.find(ownerId, id);
              if (moved == 0) {
                throw alreadyProcessed(id, current.status());
              }
              outbox.enqueue(command(current));
              return current;
            });
    LOG.info("Image {} sent for processing, {} bytes, {}", id, original.bytes(), original.format());
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
      queries.find(ownerId, id); // 404 for another owner's image
      throw ApiException.conflict(
          "Image "
              + id
              + " still has a processing command waiting to be sent; it is processed when the"
              + " broker takes it.");
    }
    int moved = images.markRetrying(id, ownerId);
    ImageEntity image = queries.find(ownerId, id);
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
    outbox.enqueue(command(image));
    LOG.info("Image {} sent for processing again", id);
    return ImageResponse.from(image);
  }

  /**
   * Deletes the row and leaves a tombstone in one transaction, then removes the image's objects. If
   * storage is away, or a worker already decoding it (or a client whose upload URL is still valid)
   * writes after this, the tombstone's sweep clears the prefix again once the deletion grace is
   * over: the request never fails for storage, and nothing stays behind.
   */
  public void delete(String ownerId, UUID id) {
    ImageEntity image = queries.find(ownerId, id);
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

  /**
   * Expires images that waited longer than {@code ttl} for their upload: the row first (only if
   * still waiting), then whatever the client may have stored.
   */
  public int expireAwaitingUpload(Duration ttl, int batch) {
    int expired = 0;
    for (ImageEntity image : images.findAwaitingUploadSince(Instant.now().minus(ttl), batch)) {
      if (discard(image)) {
        expired++;
        LOG.info("Image {} expired: nothing was processed within {}", image.id(), ttl);
      }
    }
    return expired;
  }

  /**
   * Removes an image that still waits for its upload (an aborted or abandoned resumable upload):
   * the row, then whatever was stored under its prefix. False if it is gone or was processed since.
   */
  public boolean discardAwaitingUpload(UUID id) {
    return images
        .findById(id)
        .filter(image -> image.status() == ImageStatus.AWAITING_UPLOAD)
        .map(this::discard)
        .orElse(false);
  }

  private boolean discard(ImageEntity image) {
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
    }
    return deleted;
  }

  private void removeObjects(UUID id, String prefix) {
    try {
      storage.removePrefix(storage.uploadsBucket(), prefix);
      storage.removePrefix(storage.processedBucket(), prefix);
    } catch (RuntimeException e) {
      LOG.warn("Image {}: objects not removed yet, its tombstone will: {}", id, e.toString());
    }
  }

  private List<RenditionSpec> specsOrPresets(List<RenditionSpec> requested) {
    return requested == null ? presets.defaults() : requested;
  }

  /**
   * The processing command of an image as recorded: of its stored original, or, for an imported
   * one, of its URL too (a worker fetches it unless an earlier delivery stored it).
   */
  private ProcessImageCommand command(ImageEntity image) {
    ProcessImageCommand.RemoteSource remote =
        image.sourceUrl() == null ? null : new ProcessImageCommand.RemoteSource(image.sourceUrl());
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        image.id(),
        image.ownerId(),
        new ProcessImageCommand.SourceObject(
            storage.uploadsBucket(),
            image.originalKey(),
            image.contentType(),
            image.bytes() == null ? 0 : image.bytes()),
        image.renditionSpecs(),
        Instant.now(),
        remote);
  }

  private static ApiException alreadyProcessed(UUID id, ImageStatus status) {
    return ApiException.conflict(
        "Image " + id + " is already " + status.wireName() + "; an image is processed once.");
  }
}
