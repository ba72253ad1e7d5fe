package io.darkroom.api.error;

import java.util.List;

/**
 * A failure the client caused or can act on, answered with the problem it names. The {@code detail}
 * is shown to the client: write it for them, and never put secrets or internals in it.
 */
public class ApiException extends RuntimeException {
  private final ProblemType type;
  private final List<Problem.FieldError> errors;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, null);
  }

  private ApiException(ProblemType type, String detail, List<Problem.FieldError> errors) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = errors;
  }

  public ProblemType type() {
    return type;
  }

  /** Field errors of a validation problem, or null. */
  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** A 400 naming the fields that are wrong, like the framework's own validation problems. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(
        ProblemType.VALIDATION,
        "The request has invalid fields.",
        List.of(new Problem.FieldError(field, message)));
  }

  public static ApiException notFound(String detail) {
    return new ApiException(ProblemType.NOT_FOUND, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(ProblemType.CONFLICT, detail);
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(ProblemType.BAD_REQUEST, detail);
  }
}
