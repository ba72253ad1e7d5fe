package io.darkroom.api.imports;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.owner.CurrentOwner;
import io.darkroom.api.paging.PageRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;

@Controller("/api/v1/imports")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Imports")
@ProblemResponses.BadRequest
class ImportController {
  private final ImportService imports;
  private final CurrentOwner owner;
  private final HttpHostResolver hosts;

  ImportController(ImportService imports, CurrentOwner owner, HttpHostResolver hosts) {
    this.imports = imports;
    this.owner = owner;
    this.hosts = hosts;
  }

  @Operation(
      operationId = "createImport",
      summary = "Import a product-catalogue CSV",
      description =
          "Columns Serial Number, Product Name, Input Image Urls (also S. No., SerialNumber,"
              + " ProductName, InputImageUrls; case and spacing tolerant; a UTF-8 BOM and CRLF"
              + " accepted). A row's URLs are comma-separated in one field, quoted or not: every"
              + " value after the third column of an unquoted row is one more URL. The whole file"
              + " is checked first; a problem anywhere is answered with every problem and its row"
              + " and column, and nothing is queued. Each distinct URL becomes one image, fetched"
              + " by a worker. Limits: darkroom.imports.* (10 MB, 1,000 rows, 10 URLs a row, 5,000"
              + " URLs by default).")
  @RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.MULTIPART_FORM_DATA,
              schema = @Schema(implementation = ImportDtos.ImportForm.class),
              encoding = {
                @Encoding(name = "file", contentType = "text/csv"),
                @Encoding(name = "renditions", contentType = "application/json"),
                @Encoding(name = "preset", contentType = "text/plain"),
                @Encoding(name = "callbackUrl", contentType = "text/plain")
              }))
  @ApiResponse(
      responseCode = "202",
      description = "Queued; Location names it. callback.secret is shown this once.",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImportDtos.ImportView.class)))
  @ProblemResponses.TooLarge
  @Post(consumes = MediaType.MULTIPART_FORM_DATA)
  HttpResponse<ImportDtos.ImportView> create(
      @Nullable @Part("file") CompletedFileUpload file,
      @Nullable @Part("renditions") String renditions,
      @Nullable @Part("preset") String preset,
      @Nullable @Part("callbackUrl") String callbackUrl,
      @Nullable Principal principal) {
    if (file == null) {
      throw ApiException.invalid("file", "is required: the CSV");
    }
    ImportDtos.ImportView created;
    try (InputStream csv = file.getInputStream()) {
      created =
          imports.create(owner.of(principal), csv, file.getSize(), renditions, preset, callbackUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.accepted(URI.create(created.links().self())).body(created);
  }

  @Operation(operationId = "listImports", summary = "List the caller's imports, newest first")
  @ApiResponse(responseCode = "200", description = "A page of imports")
  @Get
  ImportDtos.ImportPage list(
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @Nullable Principal principal) {
    return imports.list(owner.of(principal), PageRequest.newestFirst(page, limit));
  }

  @Operation(operationId = "getImport", summary = "Get an import with its progress")
  @ApiResponse(responseCode = "200", description = "The import")
  @ProblemResponses.NotFound
  @Get("/{id}")
  ImportDtos.ImportView get(UUID id, @Nullable Principal principal) {
    return imports.get(owner.of(principal), id);
  }

  @Operation(
      operationId = "listImportRows",
      summary = "List an import's rows in the file's order",
      description =
          "Each row's URLs in the order written, with the image each became and its status.")
  @ApiResponse(responseCode = "200", description = "A page of rows")
  @ProblemResponses.NotFound
  @Get("/{id}/rows")
  ImportDtos.RowPage rows(
      UUID id,
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "100") @Min(1) @Max(1000) int limit,
      @Nullable Principal principal) {
    return imports.rows(owner.of(principal), id, new PageRequest(page, limit, true, "line"));
  }

  @Operation(
      operationId = "getImportOutput",
      summary = "Download the output CSV",
      description =
          "The input columns plus Output Image Urls (RFC 4180, every field quoted): one output URL"
              + " per input URL in the same order, empty where that URL's image did not succeed."
              + " Each is a stable link on this api that redirects to the import's output rendition.")
  @ApiResponse(
      responseCode = "200",
      description = "The output CSV",
      content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
  @ProblemResponses.NotFound
  @Get(value = "/{id}/output.csv", produces = "text/csv")
  HttpResponse<String> output(UUID id, HttpRequest<?> request, @Nullable Principal principal) {
    String csv = imports.output(owner.of(principal), id, hosts.resolve(request));
    return HttpResponse.ok(csv)
        .contentType("text/csv; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"import-" + id + "-output.csv\"");
  }
}
