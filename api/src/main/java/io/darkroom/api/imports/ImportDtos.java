package io.darkroom.api.imports;

import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.rendition.RenditionRequest;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Bodies of the import endpoints. */
final class ImportDtos {
  private ImportDtos() {}

  @Serdeable
  @Schema(name = "UrlImportRequest", description = "An image to fetch from a URL")
  record UrlImportRequest(
      @NotBlank
          @Size(max = ImportCsv.MAX_URL_CHARS)
          @Schema(example = "https://images.example.com/catalogue/mouse-1.jpeg")
          String url,
      @Nullable
          @Size(max = TextLimits.FILENAME)
          @Schema(description = "Display name; the URL's last path segment when absent")
          String filename,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description,
      @Nullable @Valid List<@Valid RenditionRequest> renditions) {}

  /** The multipart form of a CSV import, for the OpenAPI document. */
  @Schema(name = "ImportForm")
  record ImportForm(
      @Schema(
              type = "string",
              format = "binary",
              requiredMode = Schema.RequiredMode.REQUIRED,
              description =
                  "The CSV: Serial Number, Product Name, Input Image Urls (quoted or not)")
          String file,
      @Nullable
          @Schema(
              description = "JSON array of renditions, as in a JSON body; or give preset",
              example = "[{\"name\":\"card\",\"width\":600}]")
          String renditions,
      @Nullable
          @Schema(
              description = "A configured preset by name, e.g. compressed; or give renditions",
              example = "compressed")
          String preset,
      @Nullable
          @Schema(
              description = "Called once, signed, when the import completes (import.completed)",
              example = "https://shop.example.com/hooks/darkroom")
          String callbackUrl) {}

  @Serdeable
  @Schema(name = "ImportProgress", description = "The import's images; each distinct URL is one")
  record Progress(long total, long succeeded, long failed, long pending, int percentComplete) {
    static Progress of(ImportCounts counts) {
      return new Progress(
          counts.total(),
          counts.succeeded(),
          counts.failed(),
          counts.pending(),
          counts.percentComplete());
    }
  }

  @Serdeable
  @Schema(name = "ImportLinks")
  record Links(String self, String rows, String output) {
    static Links of(UUID id) {
      String self = "/api/v1/imports/" + id;
      return new Links(self, self + "/rows", self + "/output.csv");
    }
  }

  @Serdeable
  @Schema(
      name = "ImportCallback",
      description =
          "The callbackUrl's endpoint: its deliveries are at /api/v1/webhooks/{webhookId}/deliveries."
              + " The secret (Standard Webhooks) is shown once, when the import is created.")
  record Callback(String url, @Nullable UUID webhookId, @Nullable String secret) {}

  @Serdeable
  @Schema(name = "Import")
  record ImportView(
      UUID id,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {
                "pending",
                "processing",
                "completed",
                "completed_with_errors",
                "failed"
              })
          String status,
      int totalRows,
      int totalUrls,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "Images made: a URL repeated within the import is fetched once")
          int distinctUrls,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description = "The rendition the output CSV links to")
          String outputRendition,
      Progress progress,
      Instant createdAt,
      @Nullable Instant completedAt,
      @Nullable @Schema(type = "object", nullable = true, implementation = Callback.class)
          Callback callback,
      Links links) {}

  @Serdeable
  @Schema(name = "ImportPage")
  record ImportPage(List<ImportView> data, PageMeta meta) {}

  @Serdeable
  @Schema(name = "ImportUrl", description = "One input URL of a row and the image it became")
  record UrlView(
      String url,
      @Nullable UUID imageId,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              description =
                  "The image's status: pending, processing, succeeded or failed; deleted if the"
                      + " image was deleted since")
          String status,
      @Nullable String failureCode) {}

  @Serdeable
  @Schema(name = "ImportRow")
  record RowView(int line, String serialNumber, String productName, List<UrlView> urls) {}

  @Serdeable
  @Schema(name = "ImportRowPage")
  record RowPage(List<RowView> data, PageMeta meta) {}
}
