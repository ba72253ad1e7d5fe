package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.SourceFormat;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams an original into the uploads bucket after checking, from its first bytes, that it is an
 * image of a supported format. What a client calls the file, or what type it claims, decides
 * nothing.
 */
@Singleton
class OriginalUploader {
  private static final Logger LOG = LoggerFactory.getLogger(OriginalUploader.class);

  /** A checked, stored original. */
  record Stored(SourceFormat format, long bytes, String sha256) {}

  private final ObjectStorage storage;

  OriginalUploader(ObjectStorage storage) {
    this.storage = storage;
  }

  Stored store(String key, InputStream raw, long maxBytes) {
    BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024);
    SourceFormat format = sniff(in);
    GuardedInputStream guarded = new GuardedInputStream(in, maxBytes);
    try {
      storage.putStream(storage.uploadsBucket(), key, guarded, format.mediaType());
    } catch (RuntimeException e) {
      removeQuietly(key);
      if (guarded.limitExceeded()) {
        throw new ApiException(
            ProblemType.PAYLOAD_TOO_LARGE,
            "The file is larger than the limit of " + maxBytes + " bytes for this upload path.");
      }
      throw e;
    }
    return new Stored(format, guarded.count(), guarded.sha256Hex());
  }

  private static SourceFormat sniff(BufferedInputStream in) {
    try {
      in.mark(SourceFormat.SNIFF_BYTES);
      byte[] head = in.readNBytes(SourceFormat.SNIFF_BYTES);
      in.reset();
      if (head.length == 0) {
        throw ApiException.badRequest("The file is empty.");
      }
      return SourceFormat.sniff(head, head.length)
          .orElseThrow(
              () ->
                  new ApiException(
                      ProblemType.UNSUPPORTED_MEDIA_TYPE, SourceFormat.notSupported("The file")));
    } catch (IOException e) {
      throw new UncheckedIOException("the upload could not be read", e);
    }
  }

  private void removeQuietly(String key) {
    try {
      storage.remove(storage.uploadsBucket(), key);
    } catch (RuntimeException e) {
      LOG.warn("Could not remove the partial upload {}: {}", key, e.toString());
    }
  }
}
