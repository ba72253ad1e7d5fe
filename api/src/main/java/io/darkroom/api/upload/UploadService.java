package io.darkroom.api.upload;

import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.image.ImageService;
import io.darkroom.api.image.NewImage;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.ObjectKeys;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload paths: each stores the original first, then records the image with its processing
 * command.
 */
@Singleton
class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  private final OriginalUploader uploader;
  private final ImageService images;
  private final ObjectStorage storage;
  private final UploadLimits limits;

  UploadService(
      OriginalUploader uploader, ImageService images, ObjectStorage storage, UploadLimits limits) {
    this.uploader = uploader;
    this.images = images;
    this.storage = storage;
    this.limits = limits;
  }

  /**
   * Streams the file to storage and records it as {@code pending}. If recording fails, the stored
   * object is removed: nothing is left that no row points at.
   */
  ImageResponse uploadDirect(
      String ownerId, String filename, @Nullable String description, InputStream content) {
    UUID id = UUID.randomUUID();
    String key = ObjectKeys.original(ownerId, id);
    OriginalUploader.Stored stored = uploader.store(key, content, limits.directMaxBytes());
    try {
      return images.registerUploaded(
          new NewImage(
              id,
              ownerId,
              key,
              Filenames.clean(filename),
              description,
              stored.format(),
              stored.bytes(),
              stored.sha256(),
              null));
    } catch (RuntimeException e) {
      try {
        storage.remove(storage.uploadsBucket(), key);
      } catch (RuntimeException cleanup) {
        LOG.warn("Image {}: could not remove the original after a failed insert", id, cleanup);
      }
      throw e;
    }
  }
}
