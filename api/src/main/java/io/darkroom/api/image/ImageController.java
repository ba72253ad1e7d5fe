package io.darkroom.api.image;

import io.darkroom.api.error.Problem;
import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.owner.CurrentOwner;
import io.darkroom.api.paging.PageRequest;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.UUID;

@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Images")
class ImageController {
  private final ImageQueries queries;
  private final ImageLifecycle lifecycle;
  private final ImageDownloads downloads;
  private final CurrentOwner owner;

  ImageController(
      ImageQueries queries,
      ImageLifecycle lifecycle,
      ImageDownloads downloads,
      CurrentOwner owner) {
    this.queries = queries;
    this.lifecycle = lifecycle;
    this.downloads = downloads;
    this.owner = owner;
  }

  @Operation(operationId = "listImages", summary = "List the caller's images")
  @ApiResponse(responseCode = "200", description = "A page of images with the total count")
  @ProblemResponses.BadRequest
  @Get
  ImagePage list(
      @QueryValue(defaultValue = "1") @Min(1) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit,
      @QueryValue(defaultValue = "desc")
          @Pattern(regexp = "asc|desc", message = "must be asc or desc")
          String sort,
      @QueryValue(defaultValue = "createdAt")
          @Pattern(regexp = "createdAt|filename", message = "must be createdAt or filename")
          String sortBy,
      @Nullable @QueryValue @Size(max = TextLimits.SEARCH) String search,
      @Nullable
          @QueryValue
          @Pattern(
              regexp = "awaiting_upload|pending|processing|succeeded|failed",
              message = "must be awaiting_upload, pending, processing, succeeded or failed")
          String status,
      @Nullable @QueryValue UUID collectionId,
      @Nullable Principal principal) {
    return queries.list(
        owner.of(principal),
        PageRequest.of(page, limit, sort, sortBy),
        new ImageFilter(
            search, status == null ? null : ImageStatus.fromWire(status), collectionId));
  }

  @Operation(
      operationId = "retryImage",
      summary = "Process a failed image again",
      description =
          "For a failure whose reason may pass (failure.retryable: storage or the broker away, no outcome"
              + " in time): the image goes back to pending with the same original and renditions.")
  @ApiResponse(responseCode = "202", description = "Queued for processing again")
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @Post("/{uuid}/actions/retry")
  @Status(HttpStatus.ACCEPTED)
  ImageResponse retry(UUID uuid, @Nullable Principal principal) {
    return lifecycle.retry(owner.of(principal), uuid);
  }

  @Operation(operationId = "deleteImage", summary = "Delete an image and every stored object of it")
  @ApiResponse(responseCode = "204", description = "Deleted")
  @ProblemResponses.NotFound
  @Delete("/{uuid}")
  // nothing to answer but a problem: a client may accept only application/problem+json
  @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
  @Status(HttpStatus.NO_CONTENT)
  void delete(UUID uuid, @Nullable Principal principal) {
    lifecycle.delete(owner.of(principal), uuid);
  }

  @Operation(operationId = "getImage", summary = "Get an image with its status and renditions")
  @ApiResponse(responseCode = "200", description = "The image")
  @ProblemResponses.NotFound
  @Get("/{uuid}")
  ImageResponse get(UUID uuid, @Nullable Principal principal) {
    return queries.get(owner.of(principal), uuid);
  }

  @Operation(
      operationId = "downloadRendition",
      summary = "Download a rendition",
      description =
          "Redirects to a short-lived presigned GET; with Accept: application/json, answers that URL"
              + " and when it expires instead.")
  @ApiResponse(
      responseCode = "200",
      description = "The presigned GET, for Accept: application/json",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DownloadLink.class)))
  @ApiResponse(responseCode = "302", description = "Location is a presigned GET of the rendition")
  @ProblemResponses.NotFound
  @Get(value = "/{uuid}/renditions/{name}", produces = MediaType.APPLICATION_JSON)
  HttpResponse<DownloadLink> rendition(
      UUID uuid, String name, HttpRequest<?> request, @Nullable Principal principal) {
    return linkOrRedirect(request, downloads.rendition(owner.of(principal), uuid, name));
  }

  @Operation(
      operationId = "downloadOriginal",
      summary = "Download the original",
      description =
          "Redirects to a short-lived presigned GET; with Accept: application/json, answers that URL"
              + " and when it expires instead.")
  @ApiResponse(
      responseCode = "200",
      description = "The presigned GET, for Accept: application/json",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = DownloadLink.class)))
  @ApiResponse(responseCode = "302", description = "Location is a presigned GET of the original")
  @ProblemResponses.NotFound
  @Get(value = "/{uuid}/original", produces = MediaType.APPLICATION_JSON)
  HttpResponse<DownloadLink> original(
      UUID uuid, HttpRequest<?> request, @Nullable Principal principal) {
    return linkOrRedirect(request, downloads.original(owner.of(principal), uuid));
  }

  /**
   * 302 Found (the presigned URL is temporary, so clients must come back here next time), or the
   * link itself for a client that asked for JSON: a browser app that fetches with a token, for one.
   */
  private static HttpResponse<DownloadLink> linkOrRedirect(
      HttpRequest<?> request, DownloadLink link) {
    // asked for by name: */* (curl, browsers following a link) keeps the redirect
    boolean json =
        request.accept().stream()
            .anyMatch(t -> t.getType().equals("application") && t.getSubtype().equals("json"));
    if (json) {
      return HttpResponse.ok(link);
    }
    return HttpResponse.<DownloadLink>status(HttpStatus.FOUND).headers(h -> h.location(link.url()));
  }
}
