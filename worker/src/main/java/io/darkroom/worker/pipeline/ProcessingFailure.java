package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;

/**
 * A reason an image cannot be processed, reported as its outcome. Permanent unless made {@link
 * #retryable}: retrying the same bytes would fail the same way, but a source URL that timed out or
 * answered 5xx may answer later.
 */
public class ProcessingFailure extends Exception {
  private final FailureCode code;
  private final boolean retryable;

  public ProcessingFailure(FailureCode code, String detail) {
    this(code, detail, null, false);
  }

  public ProcessingFailure(FailureCode code, String detail, Throwable cause) {
    this(code, detail, cause, false);
  }

  private ProcessingFailure(FailureCode code, String detail, Throwable cause, boolean retryable) {
    super(detail, cause, false, false);
    this.code = code;
    this.retryable = retryable;
  }

  /** A failure whose cause may pass: the image may be retried through the api. */
  public static ProcessingFailure retryable(FailureCode code, String detail, Throwable cause) {
    return new ProcessingFailure(code, detail, cause, true);
  }

  public FailureCode code() {
    return code;
  }

  public boolean retryable() {
    return retryable;
  }
}
