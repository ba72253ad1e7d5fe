package io.darkroom.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every error this api returns, and the one place such a
 * body is made: every handler goes through the factories below.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    @Nullable @Schema(description = "Field errors of a validation problem") List<FieldError> errors,
    @Nullable
        @Schema(
            description =
                "On a 5xx only: quote it when reporting the failure; the server's log line has it")
        String traceId) {

  public static final String MEDIA_TYPE = "application/problem+json";

  /** The detail every validation problem has; {@code errors} says what is wrong. */
  static final String INVALID_FIELDS = "The request has invalid fields.";

  /** The catalog entry's status, with this request's detail. */
  public static Problem of(ProblemType type, String detail) {
    return of(type, type.status().getCode(), detail);
  }

  /** A status the framework chose (e.g. 405), described by its catalog entry. */
  static Problem of(ProblemType type, int status, String detail) {
    return new Problem(type.type(), type.title(), status, detail, null, null);
  }

  /** A 400 listing every invalid field by the name the client sent it under. */
  static Problem invalid(int status, List<FieldError> errors) {
    ProblemType type = ProblemType.VALIDATION;
    return new Problem(
        type.type(), type.title(), status, INVALID_FIELDS, List.copyOf(errors), null);
  }

  /** The same problem, marked with the trace id its log line carries: for every 5xx. */
  Problem traced(String id) {
    return new Problem(type, title, status, detail, errors, id);
  }

  /** One invalid field: its name as the client sent it, and what is wrong with it. */
  @Serdeable
  public record FieldError(String field, String message) {}
}
