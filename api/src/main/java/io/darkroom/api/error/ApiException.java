package io.darkroom.api.error;

/**
 * A failure the client caused or can act on, answered with the problem it names. The {@code detail}
 * is shown to the client: write it for them, and never put secrets or internals in it.
 */
public class ApiException extends RuntimeException {
  private final ProblemType type;

  public ApiException(ProblemType type, String detail) {
    super(detail, null, false, false);
    this.type = type;
  }

  public ProblemType type() {
    return type;
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
