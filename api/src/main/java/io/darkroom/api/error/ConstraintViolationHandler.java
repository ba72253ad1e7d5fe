package io.darkroom.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Bean-validation failures as one validation problem listing every invalid field by the name the
 * client sent it under: {@code filename}, {@code renditions[0].width}, {@code limit}.
 */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
final class ConstraintViolationHandler
    implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
      errors.add(
          new Problem.FieldError(field(violation.getPropertyPath()), violation.getMessage()));
    }
    errors.sort(Comparator.comparing(Problem.FieldError::field));
    ProblemType type = ProblemType.VALIDATION;
    return HttpResponse.<Problem>status(HttpStatus.BAD_REQUEST)
        .contentType(Problem.MEDIA_TYPE)
        .body(
            new Problem(
                type.type(),
                type.title(),
                400,
                "The request has invalid fields.",
                List.copyOf(errors)));
  }

  static String field(Path path) {
    List<Path.Node> nodes = new ArrayList<>();
    path.forEach(nodes::add);
    StringBuilder field = new StringBuilder();
    for (int i = 0; i < nodes.size(); i++) {
      Path.Node node = nodes.get(i);
      boolean last = i == nodes.size() - 1;
      if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
        continue;
      }
      if (node.getKind() == ElementKind.PARAMETER && !last) {
        continue; // a request body: its fields are what the client sees
      }
      if (node.isInIterable() && node.getIndex() != null) {
        field.append('[').append(node.getIndex()).append(']');
      }
      String name = node.getName();
      if (name != null && !name.startsWith("<")) {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(name);
      }
    }
    return field.length() == 0 ? path.toString() : field.toString();
  }
}
