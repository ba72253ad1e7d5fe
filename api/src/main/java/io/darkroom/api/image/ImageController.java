package io.darkroom.api.image;

import io.darkroom.api.error.Problem;
import io.darkroom.api.owner.CurrentOwner;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.security.Principal;
import java.util.UUID;

@Controller("/api/v1/images")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Images")
class ImageController {
  private final ImageService images;
  private final CurrentOwner owner;

  ImageController(ImageService images, CurrentOwner owner) {
    this.images = images;
    this.owner = owner;
  }

  @Operation(summary = "Get an image with its status and renditions")
  @ApiResponse(responseCode = "200", description = "The image")
  @ApiResponse(
      responseCode = "404",
      description = "No such image for this owner",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Get("/{uuid}")
  ImageResponse get(UUID uuid, @Nullable Principal principal) {
    return images.get(owner.of(principal), uuid);
  }

  @Operation(
      summary = "Download a rendition",
      description = "Redirects to a short-lived presigned GET.")
  @ApiResponse(responseCode = "302", description = "Location is a presigned GET of the rendition")
  @ApiResponse(
      responseCode = "404",
      description = "No such image, or no such rendition (yet)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Get("/{uuid}/renditions/{name}")
  HttpResponse<Void> rendition(UUID uuid, String name, @Nullable Principal principal) {
    return found(images.renditionUrl(owner.of(principal), uuid, name));
  }

  @Operation(
      summary = "Download the original",
      description = "Redirects to a short-lived presigned GET.")
  @ApiResponse(responseCode = "302", description = "Location is a presigned GET of the original")
  @ApiResponse(
      responseCode = "404",
      description = "No such image, or nothing uploaded yet",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  @Get("/{uuid}/original")
  HttpResponse<Void> original(UUID uuid, @Nullable Principal principal) {
    return found(images.originalUrl(owner.of(principal), uuid));
  }

  /** 302 Found: the presigned URL is temporary, so clients must come back here next time. */
  private static HttpResponse<Void> found(URI location) {
    return HttpResponse.<Void>status(HttpStatus.FOUND).headers(h -> h.location(location));
  }
}
