package io.darkroom.api.upload;

import io.darkroom.api.error.Problem;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.StreamingFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;

@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Images")
class UploadController {
  private final UploadService uploads;
  private final CurrentOwner owner;

  UploadController(UploadService uploads, CurrentOwner owner) {
    this.uploads = uploads;
    this.owner = owner;
  }

  @Operation(
      summary = "Upload an image directly",
      description =
          "Streams the file to storage (never held whole in memory), records the image and queues its"
              + " processing. Send `description` before `file` in the form.")
  @ApiResponse(responseCode = "202", description = "Stored and queued for processing")
  @ApiResponse(
      responseCode = "400",
      description = "No file, or an empty file",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "413",
      description = "Over the direct-upload limit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @ApiResponse(
      responseCode = "415",
      description = "Not an image of a supported format, judged by content",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Post(value = "/actions/upload", consumes = MediaType.MULTIPART_FORM_DATA)
  HttpResponse<ImageResponse> upload(
      StreamingFileUpload file, @Nullable String description, @Nullable Principal principal) {
    ImageResponse image =
        uploads.uploadDirect(
            owner.of(principal), file.getFilename(), description, file.asInputStream());
    return HttpResponse.accepted(URI.create("/api/v1/images/" + image.uuid())).body(image);
  }
}
