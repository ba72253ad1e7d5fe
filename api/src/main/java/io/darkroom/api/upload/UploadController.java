package io.darkroom.api.upload;

import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.StreamingFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Images")
class UploadController {
  private final UploadService uploads;
  private final CurrentOwner owner;

  UploadController(UploadService uploads, CurrentOwner owner) {
    this.uploads = uploads;
    this.owner = owner;
  }

  @Operation(
      operationId = "createUploadUrl",
      summary = "Get a presigned PUT URL for a new image",
      description =
          "Records the image as awaiting_upload. PUT exactly size bytes to presignedUrl with the given"
              + " headers (Content-Type and Content-Length are part of the signature: storage refuses"
              + " another length or type), then call /actions/process.")
  @ApiResponse(responseCode = "200", description = "The URL, for exactly one object key")
  @ProblemResponses.BadRequest
  @ProblemResponses.TooLarge
  @Get("/actions/upload-url")
  UploadRequests.UploadUrlResponse uploadUrl(
      @QueryValue @Schema(example = "jpg") String extension,
      @Nullable
          @QueryValue
          @Schema(
              example = "2483112",
              description = "Size of the file in bytes; the URL accepts exactly this many")
          Long size,
      @Nullable @QueryValue @Schema(example = "image/jpeg") String contentType,
      @Nullable Principal principal) {
    return uploads.uploadUrl(owner.of(principal), extension, size, contentType);
  }

  @Operation(
      operationId = "createUploadForm",
      summary = "Get a presigned POST form for a new image",
      description =
          "The policy is enforced by storage: this key, this content type, and at most the configured size."
              + " POST the fields, then the file as the last field named file; then call /actions/process.")
  @ApiResponse(responseCode = "200", description = "URL and form fields")
  @ProblemResponses.BadRequest
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @Post("/actions/upload-form")
  UploadRequests.UploadFormResponse uploadForm(
      @Body @Valid UploadRequests.UploadFormRequest request, @Nullable Principal principal) {
    return uploads.uploadForm(owner.of(principal), request);
  }

  @Operation(
      operationId = "processUpload",
      summary = "Process an image uploaded through a presigned URL or form",
      description =
          "Checks the stored object (exists, within the limit, an image by its bytes, pixel count from its"
              + " header) and queues its processing, once.")
  @ApiResponse(
      responseCode = "202",
      description = "Queued for processing",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImageResponse.class)))
  @ProblemResponses.NotFound
  @ProblemResponses.Conflict
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @Post("/actions/process")
  HttpResponse<ImageResponse> process(
      @Body @Valid UploadRequests.ProcessRequest request, @Nullable Principal principal) {
    return accepted(uploads.process(owner.of(principal), request));
  }

  @Operation(
      operationId = "uploadImage",
      summary = "Upload an image directly (multipart, or base64 JSON)",
      description =
          "multipart/form-data: the file is streamed to storage (never held whole in memory); optional"
              + " fields description and renditions (a JSON array), before or after the file."
              + " application/json: for clients that cannot send multipart, the file as base64 with its"
              + " MD5 or SHA-256, verified before anything is recorded. Either way the image is recorded"
              + " and its processing queued.")
  @ApiResponse(
      responseCode = "202",
      description = "Stored and queued for processing; Location names the image",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImageResponse.class)))
  @ProblemResponses.BadRequest
  @ProblemResponses.TooLarge
  @ProblemResponses.UnsupportedType
  @ProblemResponses.Unprocessable
  @RequestBody(
      required = true,
      content = {
        @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = UploadRequests.MultipartUpload.class)),
        @Content(
            mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = UploadRequests.Base64Upload.class))
      })
  @Post(value = "/actions/upload", consumes = MediaType.APPLICATION_JSON)
  HttpResponse<ImageResponse> uploadBase64(
      @Body @Valid UploadRequests.Base64Upload request, @Nullable Principal principal) {
    return accepted(uploads.uploadBase64(owner.of(principal), request));
  }

  /** Documented with {@link #upload}: one path, two content types, one operation. */
  @Hidden
  @Post(value = "/actions/upload", consumes = MediaType.MULTIPART_FORM_DATA)
  HttpResponse<ImageResponse> upload(
      StreamingFileUpload file,
      // Optional fields arrive as publishers: a nullable String would make the framework buffer
      // the whole file while it waits to learn whether the field comes at all
      // (micronaut-core#4016).
      @Schema(implementation = String.class, description = "Free text")
          Publisher<String> description,
      @Schema(
              implementation = String.class,
              description = "JSON array of renditions",
              example = "[{\"name\":\"card\",\"width\":600}]")
          Publisher<String> renditions,
      @Nullable Principal principal) {
    return accepted(
        uploads.uploadMultipart(
            owner.of(principal),
            file.getFilename(),
            file.asInputStream(),
            () -> Mono.from(description).block(),
            () -> Mono.from(renditions).block()));
  }

  private static HttpResponse<ImageResponse> accepted(ImageResponse image) {
    return HttpResponse.accepted(URI.create("/api/v1/images/" + image.uuid())).body(image);
  }
}
