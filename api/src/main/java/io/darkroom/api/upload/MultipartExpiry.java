package io.darkroom.api.upload;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Aborts resumable uploads that were never completed (see {@link MultipartUploads}). */
@Singleton
class MultipartExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartExpiry.class);
  private static final int BATCH = 100;

  private final MultipartUploads uploads;

  MultipartExpiry(MultipartUploads uploads) {
    this.uploads = uploads;
  }

  @Scheduled(fixedDelay = "${darkroom.upload.expiry-check-interval}", initialDelay = "7s")
  void abortAbandoned() {
    try {
      while (uploads.abortAbandoned(BATCH) == BATCH) {
        // a full batch: there may be more
      }
    } catch (RuntimeException e) {
      LOG.warn("Aborting abandoned multipart uploads failed, will retry: {}", e.toString());
    }
  }
}
