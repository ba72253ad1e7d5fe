package io.darkroom.api.image;

import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies what workers report. Only a {@code pending} or {@code processing} image moves, or one
 * that failed for a retryable reason (a timeout, an earlier attempt): an outcome is final once it
 * is a success or a permanent failure, so a redelivered or late event changes nothing then.
 */
@Singleton
public class ImageOutcomes {
  private static final Logger LOG = LoggerFactory.getLogger(ImageOutcomes.class);

  private final ImageRepository images;
  private final JsonColumns json;

  ImageOutcomes(ImageRepository images, JsonColumns json) {
    this.images = images;
    this.json = json;
  }

  @Transactional
  public void apply(ImageEvent event) {
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
              done.imageId(),
              done.source().width(),
              done.source().height(),
              json.write(stored(done)));
    } else {
      ImageProcessingFailed failed = (ImageProcessingFailed) event;
      moved =
          images.markFailed(
              failed.imageId(), failed.code().wireName(), failed.detail(), failed.retryable());
    }
    String kind = event instanceof ImageProcessed ? "succeeded" : "failed";
    if (moved == 0) {
      LOG.info("Image {}: {} ignored, the image is gone or already final", event.imageId(), kind);
    } else {
      LOG.info("Image {}: {}", event.imageId(), kind);
    }
  }

  private static List<StoredRendition> stored(ImageProcessed done) {
    return done.renditions().stream()
        .map(
            r ->
                new StoredRendition(
                    r.name(), r.bucket(), r.key(), r.width(), r.height(), r.format(), r.bytes()))
        .toList();
  }
}
