package io.darkroom.api.imports;

import io.darkroom.api.webhook.WebhookCallbacks;
import io.darkroom.api.webhook.WebhookEvents;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completes imports none of whose images is left unfinished, exactly once: the guarded update of
 * {@code imports} lets one transaction (of one api instance) complete it, and that transaction
 * records its {@code import.completed} for the owner's webhooks and its callback. Polling rather
 * than a hook on each outcome: an image also finishes by a processing timeout or a deletion, and
 * the poll sees every way.
 */
@Singleton
class ImportCompletion {
  private static final Logger LOG = LoggerFactory.getLogger(ImportCompletion.class);
  private static final int BATCH = 100;

  private final ImportRepository imports;
  private final ImportImageRepository importImages;
  private final WebhookEvents webhooks;
  private final TransactionOperations<Connection> transactions;
  private final ImportMetrics metrics;

  ImportCompletion(
      ImportRepository imports,
      ImportImageRepository importImages,
      WebhookEvents webhooks,
      TransactionOperations<Connection> transactions,
      ImportMetrics metrics) {
    this.imports = imports;
    this.importImages = importImages;
    this.webhooks = webhooks;
    this.transactions = transactions;
    this.metrics = metrics;
  }

  @Scheduled(fixedDelay = "${darkroom.imports.completion-interval}", initialDelay = "2s")
  void completeFinished() {
    try {
      for (ImportEntity open : imports.findFinishable(BATCH)) {
        Completed completed = transactions.executeWrite(status -> complete(open));
        if (completed != null) {
          // counted once the completion is committed, never for a transaction that rolled back
          metrics.completed(completed.status(), completed.counts());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Completing imports failed, will retry: {}", e.toString());
    }
  }

  /** What a completion committed: its final status and how its images ended. */
  private record Completed(String status, ImportCounts counts) {}

  /** Completes the import in the caller's transaction; null if there was nothing to complete. */
  private Completed complete(ImportEntity open) {
    ImportCounts counts = importImages.countsOf(open.id());
    String finalStatus = ImportService.finalStatus(counts);
    if (imports.markCompleted(
            open.id(), finalStatus, (int) counts.succeeded(), (int) counts.failed())
        == 0) {
      return null; // completed by another instance, or an image of it is unfinished again
    }
    ImportEntity done = imports.findById(open.id()).orElseThrow();
    Map<String, Object> data = event(done, counts);
    webhooks.record(done.ownerId(), WebhookCallbacks.IMPORT_COMPLETED, data);
    if (done.callbackEndpointId() != null) {
      webhooks.recordFor(done.callbackEndpointId(), WebhookCallbacks.IMPORT_COMPLETED, data);
    }
    LOG.info(
        "Import {} {}: {} of {} images succeeded, {} failed",
        done.id(),
        finalStatus,
        counts.succeeded(),
        counts.total(),
        counts.failed());
    return new Completed(finalStatus, counts);
  }

  /** {@code import.completed}, thin: what the owner could read at the import's link. */
  private Map<String, Object> event(ImportEntity done, ImportCounts counts) {
    ImportDtos.Links links = ImportDtos.Links.of(done.id());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", done.id().toString());
    data.put("status", done.finalStatus());
    data.put("totalRows", done.totalRows());
    data.put("totalUrls", done.totalUrls());
    data.put("progress", ImportDtos.Progress.of(counts));
    data.put("createdAt", done.createdAt().toString());
    data.put("completedAt", done.completedAt().toString());
    data.put(
        "links",
        Map.of(
            "self", webhooks.link(links.self()),
            "rows", webhooks.link(links.rows()),
            "output", webhooks.link(links.output())));
    return data;
  }
}
