package io.darkroom.api.imports;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * What the api knows of CSV imports, as counters: files accepted or refused ({@code
 * darkroom_imports_files_total{outcome}}), the rows of accepted ones ({@code
 * darkroom_imports_rows_total}), their distinct URLs queued and how those ended when the import
 * completed ({@code darkroom_imports_urls_total{outcome}}: queued, succeeded, failed; queued minus
 * the other two is what is still being fetched or processed), and imports completed by final status
 * ({@code darkroom_imports_completed_total{status}}). A single-URL import is one image and shows in
 * the workers' {@code darkroom_worker_images_total} only. Every series starts at 0.
 */
@Singleton
class ImportMetrics {
  private static final String URLS = "darkroom.imports.urls";

  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter refused;
  private final Counter rows;
  private final Counter queued;
  private final Counter succeeded;
  private final Counter failed;

  ImportMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.accepted = files("accepted");
    this.refused = files("refused");
    this.rows =
        Counter.builder("darkroom.imports.rows")
            .description("Rows of the CSV imports accepted")
            .register(registry);
    this.queued = urls("queued");
    this.succeeded = urls("succeeded");
    this.failed = urls("failed");
    for (String status : List.of("completed", "completed_with_errors", "failed")) {
      completedCounter(status);
    }
  }

  /** A file passed every check and its distinct URLs were queued. */
  void accepted(int rowCount, int distinctUrls) {
    accepted.increment();
    rows.increment(rowCount);
    queued.increment(distinctUrls);
  }

  /** A file was refused (too large, or not a valid catalogue): nothing was queued. */
  void refused() {
    refused.increment();
  }

  /** An import completed: its final status, and how its URLs ended. */
  void completed(String status, ImportCounts counts) {
    completedCounter(status).increment();
    succeeded.increment(counts.succeeded());
    failed.increment(counts.failed());
  }

  private Counter files(String outcome) {
    return Counter.builder("darkroom.imports.files")
        .description("CSV import files received, accepted or refused")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter urls(String outcome) {
    return Counter.builder(URLS)
        .description("Distinct URLs of CSV imports: queued, and how they ended at completion")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter completedCounter(String status) {
    return Counter.builder("darkroom.imports.completed")
        .description("Imports completed, by final status")
        .tag("status", status)
        .register(registry);
  }
}
