package io.darkroom.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.Arrays;
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
      context
          .getRootCause()
          .ifPresent(
              cause ->
                  LOG.error(
                      "{} {} failed",
                      context.getRequest().getMethod(),
                      context.getRequest().getPath(),
                      cause));
      ProblemType type = ProblemType.forStatus(status);
      return new Problem(
          type.type(), type.title(), status, "The server could not complete the request.", null);
    }
    List<Problem.FieldError> fieldErrors =
        context.getErrors().stream()
            .filter(e -> e.getPath().isPresent())
            .map(e -> new Problem.FieldError(fieldName(e.getPath().get()), e.getMessage()))
            .toList();
    if (!fieldErrors.isEmpty()) {
      ProblemType type = ProblemType.VALIDATION;
      return new Problem(
          type.type(), type.title(), status, "The request has invalid fields.", fieldErrors);
    }
    ProblemType type = ProblemType.forStatus(status);
    String detail =
        context.getErrors().stream()
            .map(Error::getMessage)
            .findFirst()
            .map(ProblemBodyProvider::readable)
            .orElse(Optional.ofNullable(response.reason()).orElse(type.title()));
    return new Problem(type.type(), type.title(), status, detail, null);
  }

  /**
   * Constraint paths start with the Java method and, for a body, its parameter ({@code
   * process.request.renditions[0].name}, {@code list.limit}); the client knows the field without
   * them.
   */
  static String fieldName(String path) {
    String[] segments = (path.startsWith("/") ? path.substring(1) : path).split("[./]");
    int drop = segments.length > 2 ? 2 : Math.min(1, segments.length - 1);
    return String.join(".", Arrays.copyOfRange(segments, drop, segments.length));
  }

  /** Framework messages can quote the parser's internals; keep their first sentence. */
  private static String readable(String message) {
    int newline = message.indexOf('\n');
    String firstLine = newline < 0 ? message : message.substring(0, newline);
    return firstLine.length() > 300 ? firstLine.substring(0, 300) : firstLine;
  }
}
