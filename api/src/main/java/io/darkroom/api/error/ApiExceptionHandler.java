package io.darkroom.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Problem>> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, ApiException exception) {
    Problem problem = exception.toProblem();
    if (problem.status() >= 500) {
      String traceId = TraceIds.of(request);
      LOG.info(
          "{} {} answered {} (trace id {}): {}",
          request.getMethod(),
          request.getPath(),
          problem.status(),
          traceId,
          exception.getMessage());
      problem = problem.traced(traceId);
    }
    MutableHttpResponse<Problem> response =
        HttpResponse.<Problem>status(exception.type().status()).contentType(Problem.MEDIA_TYPE);
    if (exception.retryAfterSeconds() > 0) {
      response.header("Retry-After", String.valueOf(exception.retryAfterSeconds()));
    }
    return response.body(problem);
  }
}
