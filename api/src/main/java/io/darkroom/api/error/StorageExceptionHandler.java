package io.darkroom.api.error;

import io.darkroom.api.storage.StorageException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage unreachable or refusing: 503, so clients know to retry later; nothing half-done is kept
 * (uploads remove what they stored, deletes touch the row only after storage). The cause is logged,
 * never echoed.
 */
@Singleton
final class StorageExceptionHandler
    implements ExceptionHandler<StorageException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(StorageExceptionHandler.class);

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, StorageException exception) {
    String traceId = TraceIds.of(request);
    LOG.warn(
        "{} {}: storage unavailable (trace id {})",
        request.getMethod(),
        request.getPath(),
        traceId,
        exception);
    return HttpResponse.<Problem>status(ProblemType.SERVICE_UNAVAILABLE.status())
        .contentType(Problem.MEDIA_TYPE)
        .header("Retry-After", "5")
        .body(
            Problem.of(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "Storage is unavailable right now; try again shortly.")
                .traced(traceId));
  }
}
