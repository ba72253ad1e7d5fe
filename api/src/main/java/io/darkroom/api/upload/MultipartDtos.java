package io.darkroom.api.upload;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.darkroom.api.text.TextLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bodies of the resumable-upload endpoints, in the shapes Uppy's {@code @uppy/aws-s3} plugin sends
 * and reads on its {@code endpoint} (S3's own names: {@code PartNumber}, {@code ETag}).
 */
final class MultipartDtos {
  private MultipartDtos() {}

  @Serdeable
  @Schema(name = "UploadParams", description = "A presigned POST form for a small file")
  record Params(
      @Schema(example = "POST") String method,
      String url,
      Map<String, String> fields,
      @Schema(description = "Headers the POST must carry: none") Map<String, String> headers,
      @Schema(description = "Seconds the form stays valid") long expires,
      @Schema(description = "The image the form uploads; POST /api/v1/images/actions/process it")
          UUID imageId) {}

  @Serdeable
  @Schema(name = "MultipartCreateRequest")
  record CreateRequest(
      @NotBlank @Size(max = TextLimits.FILENAME) @Schema(example = "panorama.tif") String filename,
      @NotBlank @Schema(example = "image/tiff") String type,
      @Nullable @Schema(description = "Uppy's file metadata; size, when given, is checked at once")
          Map<String, Object> metadata) {}

  @Serdeable
  @Schema(name = "MultipartUpload")
  record Created(
      @Schema(description = "The object key, chosen by the server") String key,
      String uploadId,
      String bucket,
      UUID imageId) {}

  @Serdeable
  @Schema(name = "UploadedPart")
  record UploadedPart(
      @JsonProperty("PartNumber") int partNumber,
      @JsonProperty("Size") long size,
      @JsonProperty("ETag") String etag) {}

  @Serdeable
  @Schema(name = "SignedPart")
  record SignedPart(
      String url, @Schema(description = "Seconds the URL stays valid") long expires) {}

  @Serdeable
  @Schema(name = "SignedParts")
  record SignedParts(
      @Schema(description = "Part number to presigned URL") Map<String, String> presignedUrls) {}

  @Serdeable
  @Schema(name = "CompletedPart")
  record CompletedPart(
      @JsonProperty("PartNumber") @NotNull Integer partNumber,
      @JsonProperty("ETag") @NotBlank String etag) {}

  @Serdeable
  @Schema(name = "MultipartCompleteRequest")
  record CompleteRequest(
      @NotEmpty @Size(max = MultipartLimits.MAX_PARTS) List<@Valid CompletedPart> parts) {}

  @Serdeable
  @Schema(name = "MultipartCompleted")
  record Completed(
      @Schema(description = "Where the image is: /api/v1/images/{imageId}") String location,
      String key,
      String bucket,
      UUID imageId,
      Map<String, String> links) {}

  @Serdeable
  @Schema(name = "MultipartAborted", description = "Nothing: {}")
  record Aborted() {}
}
