package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;

/**
 * A permanent reason an image cannot be processed; retrying the same bytes would fail the same way.
 */
public class ProcessingFailure extends Exception {
  private final FailureCode code;

  public ProcessingFailure(FailureCode code, String detail) {
    super(detail, null, false, false);
    this.code = code;
  }

  public ProcessingFailure(FailureCode code, String detail, Throwable cause) {
    super(detail, cause, false, false);
    this.code = code;
  }

  public FailureCode code() {
    return code;
  }
}
