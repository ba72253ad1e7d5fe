package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.SourceFormat;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Short-lived presigned GETs for the files of one owner's images. */
@Singleton
class ImageDownloads {
  private final ImageQueries queries;
  private final ObjectStorage storage;

  ImageDownloads(ImageQueries queries, ObjectStorage storage) {
    this.queries = queries;
    this.storage = storage;
  }

  DownloadLink rendition(String ownerId, UUID id, String name) {
    ImageEntity image = queries.find(ownerId, id);
    StoredRendition rendition =
        (image.renditions() == null ? List.<StoredRendition>of() : image.renditions())
            .stream()
                .filter(r -> r.name().equals(name))
                .findFirst()
                .orElseThrow(
                    () ->
                        ApiException.notFound(
                            "Image " + id + " has no rendition named " + name + "."));
    return link(
        storage.presignedGet(
            rendition.bucket(), rendition.key(), rendition.format().mediaType(), null));
  }

  /** The original, once uploaded: as the type sniffed from its bytes, and as a download. */
  DownloadLink original(String ownerId, UUID id) {
    ImageEntity image = queries.find(ownerId, id);
    if (storage.stat(storage.uploadsBucket(), image.originalKey()).isEmpty()) {
      throw ApiException.notFound("Image " + id + " has no uploaded original.");
    }
    // never the client's type, and never a page
    String type = image.contentType() == null ? "application/octet-stream" : image.contentType();
    String extension =
        SourceFormat.byMediaType(type)
            .map(f -> f.wireName().equals("jpeg") ? "jpg" : f.wireName())
            .orElse("bin");
    return link(
        storage.presignedGet(
            storage.uploadsBucket(), image.originalKey(), type, id + "." + extension));
  }

  /** The URL with when it stops working (a moment before storage says, never after). */
  private DownloadLink link(String url) {
    return new DownloadLink(URI.create(url), Instant.now().plus(storage.downloadUrlExpiry()));
  }
}
