package io.darkroom.api.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

@Singleton
final class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<Problem>> {
  @Override
  public HttpResponse<Problem> handle(HttpRequest request, ApiException exception) {
    MutableHttpResponse<Problem> response =
        HttpResponse.<Problem>status(exception.type().status()).contentType(Problem.MEDIA_TYPE);
    if (exception.retryAfterSeconds() > 0) {
      response.header("Retry-After", String.valueOf(exception.retryAfterSeconds()));
    }
    return response.body(
        new Problem(
            exception.type().type(),
            exception.type().title(),
            exception.type().status().getCode(),
            exception.getMessage(),
            exception.errors()));
  }
}
