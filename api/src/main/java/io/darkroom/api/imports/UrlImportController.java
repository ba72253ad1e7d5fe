package io.darkroom.api.imports;

import io.darkroom.api.error.ProblemResponses;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.security.Principal;

@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Images")
class UrlImportController {
  private final ImportService imports;
  private final CurrentOwner owner;

  UrlImportController(ImportService imports, CurrentOwner owner) {
    this.imports = imports;
    this.owner = owner;
  }

  @Operation(
      operationId = "importImage",
      summary = "Import an image from a URL",
      description =
          "A worker fetches the URL (never this request) through the egress guard: public"
              + " addresses only, at most 3 redirects each re-checked, the size limit counted while"
              + " it streams, the type read from the bytes. The image is pending now; a fetch that"
              + " fails fails the image with a source_* code. Each call makes a new image, even for"
              + " a URL imported before.")
  @ApiResponse(
      responseCode = "202",
      description = "Queued; Location names the image",
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON,
              schema = @Schema(implementation = ImageResponse.class)))
  @ProblemResponses.BadRequest
  @Post(value = "/actions/import", consumes = MediaType.APPLICATION_JSON)
  HttpResponse<ImageResponse> importUrl(
      @Body @Valid ImportDtos.UrlImportRequest request, @Nullable Principal principal) {
    ImageResponse image = imports.importUrl(owner.of(principal), request);
    return HttpResponse.accepted(URI.create("/api/v1/images/" + image.uuid())).body(image);
  }
}
