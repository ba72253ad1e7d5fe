package io.darkroom.api.error;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem responses an operation documents, each declared once:
 * {@code @ProblemResponses.NotFound("No such image for this owner")} puts a 404 with that
 * description and the {@link Problem} schema as {@code application/problem+json} into the OpenAPI
 * document.
 */
public final class ProblemResponses {
  private ProblemResponses() {}

  /** 400: invalid fields or parameters (a validation problem), or a bad request. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "400",
      description =
          "Invalid fields or parameters (a validation problem names each one), or a bad request",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface BadRequest {}

  /**
   * 401: no valid bearer token; on every controller that needs one (all of them with auth on, the
   * default; the single-owner local run turns it off).
   */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "401",
      description = "No valid bearer token (authentication is on)",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface Unauthorized {}

  /** 404: no such resource for this owner. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "404",
      description = "No such resource for this owner",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface NotFound {}

  /** 409: the resource is not in a state that allows this. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "409",
      description = "The resource's state does not allow this",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface Conflict {}

  /** 413: over a size or pixel limit. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "413",
      description = "Over a size or pixel limit",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface TooLarge {}

  /** 415: not a supported image type. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "415",
      description = "Not a supported image type",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface UnsupportedType {}

  /** 422: well-formed, but its content contradicts itself (a checksum). */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @ApiResponse(
      responseCode = "422",
      description = "The content contradicts its checksum",
      content =
          @Content(
              mediaType = Problem.MEDIA_TYPE,
              schema = @Schema(implementation = Problem.class)))
  public @interface Unprocessable {}
}
