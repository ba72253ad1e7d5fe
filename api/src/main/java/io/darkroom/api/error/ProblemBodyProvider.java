package io.darkroom.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the framework's own errors (unknown route, wrong method, unreadable JSON, constraint
 * violations, oversize bodies, unhandled exceptions) into the same problem+json as ours. A 5xx
 * never carries the exception's message: it is logged here instead.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class ProblemBodyProvider implements JsonErrorResponseBodyProvider<Problem> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemBodyProvider.class);

  @Override
  public String contentType() {
    return Problem.MEDIA_TYPE;
  }

  @Override
  public Problem body(ErrorContext context, HttpResponse<?> response) {
    int status = response.code();
    if (status >= 500) {
      String traceId = TraceIds.of(context.getRequest());
      context
          .getRootCause()
          .ifPresent(
              cause ->
                  LOG.error(
                      "{} {} failed (trace id {})",
                      context.getRequest().getMethod(),
                      context.getRequest().getPath(),
                      traceId,
                      cause));
      return Problem.of(
              ProblemType.forStatus(status), status, "The server could not complete the request.")
          .traced(traceId);
    }
    List<Problem.FieldError> fieldErrors =
        context.getErrors().stream()
            .filter(e -> e.getPath().isPresent())
            .map(e -> new Problem.FieldError(FieldPaths.of(e.getPath().get()), e.getMessage()))
            .toList();
    if (!fieldErrors.isEmpty()) {
      return Problem.invalid(status, fieldErrors);
    }
    ProblemType type = ProblemType.forStatus(status);
    String detail =
        context.getErrors().stream()
            .map(Error::getMessage)
            .findFirst()
            .map(ProblemBodyProvider::readable)
            .orElse(Optional.ofNullable(response.reason()).orElse(type.title()));
    return Problem.of(type, status, detail);
  }

  /** Framework messages can quote the parser's internals; keep their first sentence. */
  private static String readable(String message) {
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    return firstLine.length() > 300 ? firstLine.substring(0, 300) : firstLine;
  }
}
