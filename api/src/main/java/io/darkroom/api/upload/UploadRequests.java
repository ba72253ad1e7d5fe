package io.darkroom.api.upload;

import io.darkroom.api.rendition.RenditionRequest;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Bodies of the upload endpoints. */
final class UploadRequests {
  private UploadRequests() {}

  @Serdeable
  @Schema(name = "UploadUrl", description = "A presigned PUT for exactly one object")
  record UploadUrlResponse(
      UUID uuid,
      String presignedUrl,
      @Schema(example = "PUT") String method,
      @Schema(description = "Headers the PUT must carry") Map<String, String> headers,
      Instant expiresAt) {}

  @Serdeable
  @Schema(name = "UploadFormRequest")
  record UploadFormRequest(
      @NotBlank @Size(max = TextLimits.FILENAME) @Schema(example = "holiday.jpg") String filename,
      @NotBlank @Schema(example = "image/jpeg") String contentType,
      @NotNull @Min(1) @Schema(example = "2483112", description = "Size of the file in bytes")
          Long size) {}

  @Serdeable
  @Schema(
      name = "UploadForm",
      description = "POST the fields, then the file as the last field named file")
  record UploadFormResponse(UUID uuid, String url, Map<String, String> fields, Instant expiresAt) {}

  @Serdeable
  @Schema(name = "ProcessRequest")
  record ProcessRequest(
      @NotNull UUID uuid,
      @NotBlank @Size(max = TextLimits.FILENAME) @Schema(example = "holiday.jpg") String filename,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description,
      @Nullable @Valid List<@Valid RenditionRequest> renditions) {}

  @Serdeable
  @Schema(
      name = "Base64Upload",
      description = "The file as base64, with its MD5 or SHA-256 (hex) to check it arrived whole")
  record Base64Upload(
      @NotBlank @Size(max = TextLimits.FILENAME) @Schema(example = "pixel.png") String filename,
      @NotBlank String content,
      @Nullable @Schema(description = "MD5 of the decoded bytes, hex") String md5,
      @Nullable @Schema(description = "SHA-256 of the decoded bytes, hex") String sha256,
      @Nullable @Size(max = TextLimits.DESCRIPTION) String description,
      @Nullable @Valid List<@Valid RenditionRequest> renditions) {}

  /** The multipart form of a direct upload, for the OpenAPI document: the parts are streamed. */
  @Schema(name = "MultipartUpload")
  record MultipartUpload(
      @Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
          String file,
      @Nullable @Schema(description = "Free text", maxLength = TextLimits.DESCRIPTION)
          String description,
      @Nullable
          @Schema(
              description = "JSON array of renditions, as in a JSON body",
              example = "[{\"name\":\"card\",\"width\":600}]")
          String renditions) {}
}
