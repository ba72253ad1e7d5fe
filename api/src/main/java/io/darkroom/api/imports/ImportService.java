package io.darkroom.api.imports;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.Problem;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.image.ImageLifecycle;
import io.darkroom.api.image.ImageQueries;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.image.ImageState;
import io.darkroom.api.image.ImportedImage;
import io.darkroom.api.paging.PageMeta;
import io.darkroom.api.paging.PageRequest;
import io.darkroom.api.rendition.RenditionPresets;
import io.darkroom.api.rendition.RenditionRequests;
import io.darkroom.api.text.Filenames;
import io.darkroom.api.text.TextLimits;
import io.darkroom.api.webhook.WebhookCallbacks;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports by URL: one image from one URL, or a product-catalogue CSV whose every distinct URL
 * becomes one image. Nothing here fetches: each image's command names its URL, and a worker fetches
 * it through the egress guard. Everything an import is made of (its rows, its images, their
 * commands, its callback) is written in one transaction, after the whole file was checked: a
 * refused file queues nothing.
 */
@Singleton
class ImportService {
  private static final Logger LOG = LoggerFactory.getLogger(ImportService.class);

  private final ImportRepository imports;
  private final ImportRowRepository rows;
  private final ImportImageRepository importImages;
  private final ImageLifecycle lifecycle;
  private final ImageQueries images;
  private final RenditionRequests renditionRequests;
  private final RenditionPresets presets;
  private final WebhookCallbacks callbacks;
  private final ImportLimits limits;
  private final TransactionOperations<Connection> transactions;
  private final ImportMetrics metrics;

  ImportService(
      ImportRepository imports,
      ImportRowRepository rows,
      ImportImageRepository importImages,
      ImageLifecycle lifecycle,
      ImageQueries images,
      RenditionRequests renditionRequests,
      RenditionPresets presets,
      WebhookCallbacks callbacks,
      ImportLimits limits,
      TransactionOperations<Connection> transactions,
      ImportMetrics metrics) {
    this.imports = imports;
    this.rows = rows;
    this.importImages = importImages;
    this.lifecycle = lifecycle;
    this.images = images;
    this.renditionRequests = renditionRequests;
    this.presets = presets;
    this.callbacks = callbacks;
    this.limits = limits;
    this.transactions = transactions;
    this.metrics = metrics;
  }

  /**
   * One image from one URL: checked as a URL here (an http or https URL with a host), fetched by a
   * worker. Each call makes a new image, even for a URL imported before.
   */
  ImageResponse importUrl(String ownerId, ImportDtos.UrlImportRequest request) {
    String url = request.url().strip();
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null || parsed.host().isEmpty()) {
      throw ApiException.invalid("url", "must be an http or https URL with a host");
    }
    if (!parsed.username().isEmpty() || !parsed.password().isEmpty()) {
      throw ApiException.invalid("url", "may not carry a user name or password");
    }
    String filename =
        request.filename() == null || request.filename().isBlank()
            ? filenameOf(parsed)
            : Filenames.clean(request.filename());
    String description = TextLimits.description("description", request.description());
    List<RenditionSpec> specs =
        lifecycle.renditionsOrPresets(renditionRequests.toSpecs(request.renditions()));
    UUID id = UUID.randomUUID();
    return lifecycle.registerImported(
        new ImportedImage(
            id, ownerId, ObjectKeys.original(ownerId, id), url, filename, description, specs));
  }

  /**
   * A CSV import: the file read and checked whole (every problem reported, nothing queued), then
   * the import, its rows, one image per distinct URL with its command, and its callback, in one
   * transaction.
   */
  ImportDtos.ImportView create(
      String ownerId,
      InputStream csv,
      long size,
      @Nullable String renditionsJson,
      @Nullable String presetName,
      @Nullable String callbackUrl) {
    if (size > limits.maxFileBytes()) {
      metrics.refused();
      throw new ApiException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "The CSV has " + size + " bytes; an import takes at most " + limits.maxFileBytes() + ".");
    }
    Renditions renditions = renditions(renditionsJson, presetName);
    List<ImportCsv.Row> read;
    try {
      read = ImportCsv.read(csv, limits);
    } catch (ImportCsv.Refused refused) {
      metrics.refused();
      throw ApiException.invalid(
          refused.problems().stream().map(ImportService::fieldError).toList());
    }
    String callback =
        callbackUrl == null || callbackUrl.isBlank()
            ? null
            : callbacks.checked("callbackUrl", callbackUrl);
    ImportDtos.ImportView created =
        transactions.executeWrite(status -> record(ownerId, read, renditions, callback));
    metrics.accepted(created.totalRows(), created.distinctUrls());
    return created;
  }

  private ImportDtos.ImportView record(
      String ownerId, List<ImportCsv.Row> read, Renditions renditions, @Nullable String callback) {
    UUID importId = UUID.randomUUID();
    Instant now = Instant.now();
    Map<String, UUID> imageByUrl = new LinkedHashMap<>();
    int totalUrls = 0;
    List<ImportRowEntity> rowEntities = new ArrayList<>(read.size());
    for (ImportCsv.Row row : read) {
      totalUrls += row.urls().size();
      row.urls().forEach(url -> imageByUrl.computeIfAbsent(url, u -> UUID.randomUUID()));
      rowEntities.add(
          new ImportRowEntity(
              UUID.randomUUID(),
              importId,
              row.line(),
              row.serial(),
              row.product(),
              row.urls().toArray(String[]::new)));
    }
    WebhookCallbacks.Callback registered =
        callback == null ? null : callbacks.register(ownerId, callback, importId);
    ImportEntity entity =
        imports.save(
            ImportEntity.created(
                importId,
                ownerId,
                read.size(),
                totalUrls,
                imageByUrl.size(),
                renditions.output(),
                callback,
                registered == null ? null : registered.endpointId(),
                now));
    rows.saveAll(rowEntities);
    List<ImportImageEntity> links = new ArrayList<>(imageByUrl.size());
    List<ImportedImage> imported = new ArrayList<>(imageByUrl.size());
    imageByUrl.forEach(
        (url, imageId) -> {
          links.add(new ImportImageEntity(imageId, importId, url));
          imported.add(
              new ImportedImage(
                  imageId,
                  ownerId,
                  ObjectKeys.original(ownerId, imageId),
                  url,
                  filenameOf(HttpUrl.parse(url)),
                  null,
                  renditions.specs()));
        });
    importImages.saveAll(links);
    lifecycle.registerImported(imported);
    LOG.info(
        "Import {}: {} rows, {} URLs ({} distinct) queued",
        importId,
        read.size(),
        totalUrls,
        imageByUrl.size());
    ImportCounts counts = new ImportCounts(0, 0, imageByUrl.size());
    ImportDtos.Callback shown =
        registered == null
            ? null
            : new ImportDtos.Callback(
                registered.url(), registered.endpointId(), registered.secret());
    return view(entity, counts, shown);
  }

  ImportDtos.ImportView get(String ownerId, UUID id) {
    ImportEntity entity = find(ownerId, id);
    return view(entity, importImages.countsOf(id), callbackOf(entity));
  }

  ImportDtos.ImportPage list(String ownerId, PageRequest page) {
    Page<ImportEntity> found = imports.findByOwnerId(ownerId, page.pageable());
    return new ImportDtos.ImportPage(
        found.getContent().stream()
            .map(e -> view(e, importImages.countsOf(e.id()), callbackOf(e)))
            .toList(),
        PageMeta.of(page, found.getTotalSize()));
  }

  /** A page of the import's rows, in the file's order, each URL with its image's status. */
  ImportDtos.RowPage rows(String ownerId, UUID id, PageRequest page) {
    find(ownerId, id);
    Page<ImportRowEntity> found = rows.findByImportId(id, page.pageable());
    List<String> urls =
        found.getContent().stream().flatMap(r -> List.of(r.urls()).stream()).distinct().toList();
    Map<String, UUID> imageByUrl = new HashMap<>();
    if (!urls.isEmpty()) {
      importImages
          .findByImportIdAndUrlIn(id, urls)
          .forEach(link -> imageByUrl.put(link.url(), link.imageId()));
    }
    Map<UUID, ImageState> states = images.states(ownerId, imageByUrl.values());
    List<ImportDtos.RowView> views = new ArrayList<>();
    for (ImportRowEntity row : found.getContent()) {
      List<ImportDtos.UrlView> urlViews = new ArrayList<>();
      for (String url : row.urls()) {
        UUID imageId = imageByUrl.get(url);
        ImageState state = imageId == null ? null : states.get(imageId);
        urlViews.add(
            new ImportDtos.UrlView(
                url,
                imageId,
                state == null ? "deleted" : state.status().wireName(),
                state == null ? null : state.failureCode()));
      }
      views.add(
          new ImportDtos.RowView(row.line(), row.serialNumber(), row.productName(), urlViews));
    }
    return new ImportDtos.RowPage(views, PageMeta.of(page, found.getTotalSize()));
  }

  /**
   * The output CSV: the input columns and, per input URL in the same order, a link on this api
   * ({@code base}) to the image's output rendition, empty where that URL's image did not succeed.
   */
  String output(String ownerId, UUID id, String base) {
    ImportEntity entity = find(ownerId, id);
    Map<String, UUID> imageByUrl = new HashMap<>();
    importImages.findByImportId(id).forEach(link -> imageByUrl.put(link.url(), link.imageId()));
    Map<UUID, ImageState> states = images.states(ownerId, imageByUrl.values());
    List<ImportCsv.Row> input = new ArrayList<>();
    Map<Integer, List<String>> outputs = new HashMap<>();
    for (ImportRowEntity row : rows.findByImportIdOrderByLine(id)) {
      List<String> urls = List.of(row.urls());
      input.add(new ImportCsv.Row(row.line(), row.serialNumber(), row.productName(), urls));
      List<String> links = new ArrayList<>(urls.size());
      for (String url : urls) {
        ImageState state = states.get(imageByUrl.get(url));
        boolean ready = state != null && state.renditions().contains(entity.outputRendition());
        links.add(
            ready
                ? base + "/api/v1/images/" + state.id() + "/renditions/" + entity.outputRendition()
                : "");
      }
      outputs.put(row.line(), links);
    }
    return ImportCsv.output(input, outputs);
  }

  static String statusOf(ImportEntity entity, ImportCounts counts) {
    if (entity.finalStatus() != null) {
      return entity.finalStatus();
    }
    return counts.succeeded() + counts.failed() == 0 ? "pending" : "processing";
  }

  static String finalStatus(ImportCounts counts) {
    if (counts.succeeded() == 0) {
      return "failed";
    }
    return counts.failed() > 0 ? "completed_with_errors" : "completed";
  }

  private static ImportDtos.ImportView view(
      ImportEntity entity, ImportCounts counts, @Nullable ImportDtos.Callback callback) {
    return new ImportDtos.ImportView(
        entity.id(),
        statusOf(entity, counts),
        entity.totalRows(),
        entity.totalUrls(),
        entity.distinctUrls(),
        entity.outputRendition(),
        ImportDtos.Progress.of(counts),
        entity.createdAt(),
        entity.completedAt(),
        callback,
        ImportDtos.Links.of(entity.id()));
  }

  private static ImportDtos.Callback callbackOf(ImportEntity entity) {
    return entity.callbackUrl() == null
        ? null
        : new ImportDtos.Callback(entity.callbackUrl(), entity.callbackEndpointId(), null);
  }

  private ImportEntity find(String ownerId, UUID id) {
    return imports
        .findByIdAndOwnerId(id, ownerId)
        .orElseThrow(() -> ApiException.notFound("No import " + id + "."));
  }

  /** The renditions of every image of an import, and the one its output CSV links to. */
  private record Renditions(List<RenditionSpec> specs, String output) {}

  private Renditions renditions(@Nullable String json, @Nullable String presetName) {
    boolean hasJson = json != null && !json.isBlank();
    boolean hasPreset = presetName != null && !presetName.isBlank();
    if (hasJson && hasPreset) {
      throw ApiException.invalid("preset", "give renditions or preset, not both");
    }
    if (hasPreset) {
      RenditionSpec preset =
          presets
              .named(presetName.strip())
              .orElseThrow(
                  () ->
                      ApiException.invalid(
                          "preset", "must be one of " + String.join(", ", presets.names())));
      return new Renditions(List.of(preset), preset.name());
    }
    if (hasJson) {
      List<RenditionSpec> specs =
          renditionRequests.parse(TextLimits.check("renditions", json, TextLimits.RENDITIONS_JSON));
      if (specs == null || specs.isEmpty()) {
        throw ApiException.invalid("renditions", "must name at least one rendition");
      }
      return new Renditions(specs, specs.get(0).name());
    }
    List<RenditionSpec> defaults = presets.defaults();
    return new Renditions(defaults, defaults.get(defaults.size() - 1).name());
  }

  /** {@code file.row[3].Serial Number}: the CSV record (the header is 1) and the column. */
  private static Problem.FieldError fieldError(ImportCsv.Problem problem) {
    StringBuilder field = new StringBuilder("file");
    if (problem.row() > 0) {
      field.append(".row[").append(problem.row()).append(']');
    }
    if (!problem.column().isEmpty()) {
      field.append('.').append(problem.column());
    }
    return new Problem.FieldError(field.toString(), problem.message());
  }

  /** The URL's last path segment, decoded, as the image's display name. */
  private static String filenameOf(@Nullable HttpUrl url) {
    if (url == null) {
      return "import";
    }
    List<String> segments = url.pathSegments();
    String last = segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    return last.isBlank() ? url.host() : Filenames.clean(last);
  }
}
