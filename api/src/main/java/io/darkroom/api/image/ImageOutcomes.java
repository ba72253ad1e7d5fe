package io.darkroom.api.image;

import io.darkroom.api.webhook.WebhookEvents;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ImageProcessingStarted;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private final WebhookEvents webhooks;
  private final TransactionOperations<Connection> transactions;

  ImageOutcomes(
      ImageRepository images,
      JsonColumns json,
      WebhookEvents webhooks,
      TransactionOperations<Connection> transactions) {
    this.images = images;
    this.json = json;
    this.webhooks = webhooks;
    this.transactions = transactions;
  }

  /**
   * Applies {@code event} in a transaction of its own, and says what it did once that transaction
   * has committed: an api killed between the two never logs an outcome that was rolled back (its
   * event is redelivered and applied then), so "Image ...: succeeded" appears once per image.
   */
  public void apply(ImageEvent event) {
    boolean moved = transactions.executeWrite(status -> applyInTransaction(event));
    if (event instanceof ImageProcessingStarted) {
      LOG.debug("Image {}: a worker started on it{}", event.imageId(), moved ? "" : " (ignored)");
      return;
    }
    String kind = event instanceof ImageProcessed ? "succeeded" : "failed";
    if (moved) {
      LOG.info("Image {}: {}", event.imageId(), kind);
    } else {
      LOG.info("Image {}: {} ignored, the image is gone or already final", event.imageId(), kind);
    }
  }

  /** Whether {@code event} moved its image (and, for an outcome, queued its webhook). */
  private boolean applyInTransaction(ImageEvent event) {
    if (event instanceof ImageProcessingStarted started) {
      return images.markStarted(started.imageId()) > 0;
    }
    int moved;
    if (event instanceof ImageProcessed done) {
      moved =
          images.markSucceeded(
              done.imageId(),
              done.source().width(),
              done.source().height(),
              done.source().format().mediaType(),
              done.source().bytes(),
              json.write(stored(done)),
              done.timings() == null ? null : json.write(done.timings()));
    } else {
      ImageProcessingFailed failed = (ImageProcessingFailed) event;
      moved =
          images.markFailed(
              failed.imageId(), failed.code().wireName(), failed.detail(), failed.retryable());
    }
    if (moved == 0) {
      return false;
    }
    String kind = event instanceof ImageProcessed ? "succeeded" : "failed";
    // in this transaction: the webhook message exists exactly when the outcome does
    images.findById(event.imageId()).ifPresent(image -> notify(image, kind));
    return true;
  }

  /** {@code image.succeeded} or {@code image.failed}, thin: what the owner could read by id. */
  private void notify(ImageEntity image, String kind) {
    String self = webhooks.link("/api/v1/images/" + image.id());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", image.id().toString());
    data.put("status", image.status().wireName());
    if (image.failureCode() != null) {
      data.put(
          "failure",
          Map.of(
              "code",
              image.failureCode(),
              "retryable",
              Boolean.TRUE.equals(image.failureRetryable())));
    }
    List<Map<String, Object>> renditions = new ArrayList<>();
    for (StoredRendition r :
        image.renditions() == null ? List.<StoredRendition>of() : image.renditions()) {
      Map<String, Object> rendition = new LinkedHashMap<>();
      rendition.put("name", r.name());
      rendition.put("width", r.width());
      rendition.put("height", r.height());
      rendition.put("format", r.format().wireName());
      rendition.put("bytes", r.bytes());
      rendition.put("url", self + "/renditions/" + r.name());
      renditions.add(rendition);
    }
    data.put("renditions", renditions);
    data.put("links", Map.of("self", self));
    webhooks.record(image.ownerId(), "image." + kind, data);
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
