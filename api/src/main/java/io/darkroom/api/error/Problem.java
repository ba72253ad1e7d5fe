package io.darkroom.api.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.util.List;

/** An RFC 9457 problem detail, the body of every error this api returns. */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem detail (application/problem+json)")
public record Problem(
    URI type,
    String title,
    int status,
    String detail,
    @Nullable @Schema(description = "Field errors of a validation problem")
        List<FieldError> errors) {

  public static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(ProblemType type, String detail) {
    return new Problem(type.type(), type.title(), type.status().getCode(), detail, null);
  }

  /** One invalid field: its name as the client sent it, and what is wrong with it. */
  @Serdeable
  public record FieldError(String field, String message) {}
}
