package io.darkroom.api.error;

import io.micronaut.http.HttpStatus;
import java.net.URI;

/**
 * The catalog of problems this api answers with. Each has a stable {@code type} URI and title that
 * clients may branch on; the {@code detail} of each answer says what happened to this request.
 */
public enum ProblemType {
  BAD_REQUEST("bad-request", "Bad request", HttpStatus.BAD_REQUEST),
  VALIDATION("validation", "Invalid request", HttpStatus.BAD_REQUEST),
  UNAUTHORIZED("unauthorized", "Authentication required", HttpStatus.UNAUTHORIZED),
  NOT_FOUND("not-found", "Not found", HttpStatus.NOT_FOUND),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", HttpStatus.METHOD_NOT_ALLOWED),
  NOT_ACCEPTABLE("not-acceptable", "Not acceptable", HttpStatus.NOT_ACCEPTABLE),
  CONFLICT("conflict", "Conflict", HttpStatus.CONFLICT),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", HttpStatus.REQUEST_ENTITY_TOO_LARGE),
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", "Unsupported media type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
  CHECKSUM_MISMATCH("checksum-mismatch", "Checksum mismatch", HttpStatus.UNPROCESSABLE_ENTITY),
  SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable", HttpStatus.SERVICE_UNAVAILABLE),
  INTERNAL("internal", "Internal server error", HttpStatus.INTERNAL_SERVER_ERROR);

  private static final String BASE = "https://darkroom.dev/problems/";

  private final URI type;
  private final String title;
  private final HttpStatus status;

  ProblemType(String slug, String title, HttpStatus status) {
    this.type = URI.create(BASE + slug);
    this.title = title;
    this.status = status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }

  public HttpStatus status() {
    return status;
  }

  /** The catalog entry for a status the framework chose, e.g. 404 for an unknown route. */
  static ProblemType forStatus(int code) {
    for (ProblemType t : values()) {
      if (t.status.getCode() == code && t != VALIDATION) {
        return t;
      }
    }
    return code >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
