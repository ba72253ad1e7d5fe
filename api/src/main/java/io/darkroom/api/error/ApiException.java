package io.darkroom.api.error;

import java.util.List;

/**
 * A failure the client caused or can act on, answered with the problem it names. The {@code detail}
 * is shown to the client: write it for them, and never put secrets or internals in it.
 */
public class ApiException extends RuntimeException {
  private final ProblemType type;
  private final List<Problem.FieldError> errors;
  private final int retryAfterSeconds;

  public ApiException(ProblemType type, String detail) {
    this(type, detail, null, 0);
  }

  private ApiException(
      ProblemType type, String detail, List<Problem.FieldError> errors, int retryAfterSeconds) {
    super(detail, null, false, false);
    this.type = type;
    this.errors = errors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds after which the same request may succeed (a Retry-After header), or 0. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** A 503 for a request that may succeed when the server is less busy. */
  public static ApiException busy(String detail, int retryAfterSeconds) {
    return new ApiException(ProblemType.SERVICE_UNAVAILABLE, detail, null, retryAfterSeconds);
  }

  public ProblemType type() {
    return type;
  }

  /** Field errors of a validation problem, or null. */
  public List<Problem.FieldError> errors() {
    return errors;
  }

  /** The body this exception is answered with. */
  Problem toProblem() {
    return errors == null ? Problem.of(type, getMessage()) : Problem.invalid(400, errors);
  }

  /** A 400 naming the fields that are wrong, like the framework's own validation problems. */
  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new Problem.FieldError(field, message)));
  }

  /** A 400 naming every field that is wrong. */
  public static ApiException invalid(List<Problem.FieldError> errors) {
    return new ApiException(ProblemType.VALIDATION, Problem.INVALID_FIELDS, List.copyOf(errors), 0);
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
