package io.darkroom.api.upload;

import io.darkroom.api.error.ProblemResponses;
import io.darkroom.schema.SourceFormat;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Arrays;
import java.util.List;

/** What a client should know before it uploads: the types taken and the sizes of each path. */
@Controller("/api/v1/uploads")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ProblemResponses.Unauthorized
@Tag(name = "Resumable uploads")
class UploadLimitsController {
  private final UploadLimits limits;
  private final MultipartLimits multipart;

  UploadLimitsController(UploadLimits limits, MultipartLimits multipart) {
    this.limits = limits;
    this.multipart = multipart;
  }

  @Operation(
      operationId = "getUploadLimits",
      summary = "The upload limits",
      description =
          "The formats accepted (recognised by content; the extensions and media types a client may"
              + " filter on) and the largest file of each path. Files above multipartThresholdBytes"
              + " should go through the resumable upload; above formMaxBytes they must.")
  @ApiResponse(responseCode = "200", description = "The limits")
  @Get("/limits")
  Limits limits() {
    return new Limits(
        Arrays.stream(SourceFormat.values()).map(SourceFormat::mediaType).toList(),
        Extensions.all(),
        limits.directMaxBytes(),
        limits.presignedMaxBytes(),
        multipart.maxBytes(),
        Math.min(multipart.threshold(), limits.presignedMaxBytes()),
        limits.maxPixels(),
        limits.maxDimension());
  }

  @Serdeable
  @Schema(name = "UploadLimits")
  record Limits(
      @Schema(example = "[\"image/jpeg\",\"image/png\"]") List<String> mediaTypes,
      @Schema(example = "[\".jpg\",\".png\"]") List<String> extensions,
      @Schema(description = "POST /api/v1/images/actions/upload") long directMaxBytes,
      @Schema(description = "A presigned PUT or POST form") long formMaxBytes,
      @Schema(description = "A resumable upload") long multipartMaxBytes,
      @Schema(description = "Above this, send the file in parts") long multipartThresholdBytes,
      @Schema(description = "Width x height, read from the header") long maxPixels,
      @Schema(description = "Width or height") int maxDimension) {}
}
