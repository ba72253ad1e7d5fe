package io.darkroom.api.upload;

import io.darkroom.api.image.ImageLifecycle;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Expires images whose client asked for an upload URL and never came back to process it. */
@Singleton
class AwaitingUploadExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(AwaitingUploadExpiry.class);
  private static final int BATCH = 100;

  private final ImageLifecycle images;
  private final Duration ttl;

  AwaitingUploadExpiry(ImageLifecycle images, UploadLimits limits) {
    this.images = images;
    this.ttl = limits.awaitingUploadTtl();
  }

  @Scheduled(fixedDelay = "${darkroom.upload.expiry-check-interval}", initialDelay = "5s")
  void expire() {
    try {
      while (images.expireAwaitingUpload(ttl, BATCH) == BATCH) {
        // a full batch: there may be more
      }
    } catch (RuntimeException e) {
      LOG.warn("Expiring abandoned uploads failed, will retry: {}", e.toString());
    }
  }
}
