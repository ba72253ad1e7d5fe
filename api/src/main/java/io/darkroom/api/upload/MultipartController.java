package io.darkroom.api.upload;

import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.security.Principal;
import java.util.List;

/**
 * Resumable uploads on the paths Uppy's {@code @uppy/aws-s3} plugin calls on its {@code endpoint}
 * ({@code /api/v1/uploads}): the client PUTs each part straight to storage.
 */
@Controller("/api/v1/uploads/s3")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Resumable uploads")
@ProblemResponses.BadRequest
class MultipartController {
  private final MultipartUploads uploads;
  private final CurrentOwner owner;

  MultipartController(MultipartUploads uploads, CurrentOwner owner) {
    this.uploads = uploads;
    this.owner = owner;
  }

  @Operation(
      operationId = "getUploadParams",
      summary = "A presigned POST form for a small file (Uppy's getUploadParameters)",
      description =
          "The upload-form action in Uppy's shape. The image waits in awaiting_upload until"
              + " POST /api/v1/images/actions/process names imageId.")
  @ApiResponse(responseCode = "200", description = "The form")
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @Get("/params")
  MultipartDtos.Params params(
      @QueryValue @NotBlank String filename,
      @QueryValue @NotBlank String type,
      @Nullable @QueryValue("metadata[size]") Long size,
      @Nullable Principal principal) {
    return uploads.params(owner.of(principal), filename, type, size);
  }

  @Operation(
      operationId = "createMultipartUpload",
      summary = "Start a resumable upload",
      description =
          "Creates the image (awaiting_upload) and an S3 multipart upload of a key the server"
              + " chooses. Parts are 5 MiB to 5 GiB (the last may be smaller), at most 10,000; the"
              + " whole file at most darkroom.upload.multipart.max-bytes (500 MB by default).")
  @ApiResponse(
      responseCode = "201",
      description = "Started; Location names the image",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = MultipartDtos.Created.class)))
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @Post("/multipart")
  HttpResponse<MultipartDtos.Created> create(
      @Body @Valid MultipartDtos.CreateRequest request, @Nullable Principal principal) {
    MultipartDtos.Created created = uploads.create(owner.of(principal), request);
    return HttpResponse.created(created, URI.create("/api/v1/images/" + created.imageId()));
  }

  @Operation(
      operationId = "listMultipartParts",
      summary = "List the parts uploaded so far",
      description = "What a client that resumes calls first; every page of storage's list.")
  @ApiResponse(
      responseCode = "200",
      description = "The parts in order",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              array =
                  @ArraySchema(
                      schema = @Schema(implementation = MultipartDtos.UploadedPart.class))))
  @ProblemResponses.NotFound
  @Get("/multipart/{uploadId}")
  List<MultipartDtos.UploadedPart> parts(
      String uploadId, @QueryValue @NotBlank String key, @Nullable Principal principal) {
    return uploads.parts(owner.of(principal), uploadId, key);
  }

  @Operation(
      operationId = "signMultipartParts",
      summary = "Sign several parts' URLs",
      description = "partNumbers=1,2,3 (at most 100); each URL is valid 15 minutes by default.")
  @ApiResponse(responseCode = "200", description = "Part number to URL")
  @ProblemResponses.NotFound
  @Get("/multipart/{uploadId}/batch")
  MultipartDtos.SignedParts signParts(
      String uploadId,
      @QueryValue @NotBlank String key,
      @QueryValue @NotBlank String partNumbers,
      @Nullable Principal principal) {
    return uploads.signParts(owner.of(principal), uploadId, key, partNumbers);
  }

  @Operation(
      operationId = "signMultipartPart",
      summary = "Sign one part's URL",
      description =
          "A presigned UploadPart PUT, valid 15 minutes by default (darkroom.upload.multipart"
              + ".part-url-expiry); sign again to retry a part whose URL expired.")
  @ApiResponse(responseCode = "200", description = "The URL and its lifetime in seconds")
  @ProblemResponses.NotFound
  @Get("/multipart/{uploadId}/{partNumber}")
  MultipartDtos.SignedPart signPart(
      String uploadId,
      int partNumber,
      @QueryValue @NotBlank String key,
      @Nullable Principal principal) {
    return uploads.signPart(owner.of(principal), uploadId, key, partNumber);
  }

  @Operation(
      operationId = "completeMultipartUpload",
      summary = "Complete a resumable upload",
      description =
          "Assembles the parts named (each with the ETag storage answered for it), checks the file"
              + " as the process action does (size, type by its bytes, pixels) and sends the image"
              + " for processing. A file over the limit or not an image is removed with its image.")
  @ApiResponse(responseCode = "200", description = "Completed; the image is pending")
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @Post("/multipart/{uploadId}/complete")
  MultipartDtos.Completed complete(
      String uploadId,
      @QueryValue @NotBlank String key,
      @Body @Valid MultipartDtos.CompleteRequest request,
      @Nullable Principal principal) {
    return uploads.complete(owner.of(principal), uploadId, key, request);
  }

  @Operation(
      operationId = "abortMultipartUpload",
      summary = "Abort a resumable upload",
      description = "Its parts, and the image waiting for it, are removed.")
  @ApiResponse(responseCode = "200", description = "Aborted: {}")
  @ProblemResponses.NotFound
  @Delete("/multipart/{uploadId}")
  MultipartDtos.Aborted abort(
      String uploadId, @QueryValue @NotBlank String key, @Nullable Principal principal) {
    uploads.abort(owner.of(principal), uploadId, key);
    return new MultipartDtos.Aborted();
  }
}
