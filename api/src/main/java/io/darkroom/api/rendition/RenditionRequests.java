package io.darkroom.api.rendition;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.FieldPaths;
import io.darkroom.api.error.Problem;
import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Requested renditions, whatever carries them (a JSON body, or a multipart field holding a JSON
 * array), turned into specs by one set of rules, every violation reported at once.
 */
@Singleton
public class RenditionRequests {
  private final RenditionConfiguration configuration;
  private final ObjectMapper json;
  private final Validator validator;

  RenditionRequests(RenditionConfiguration configuration, ObjectMapper json, Validator validator) {
    this.configuration = configuration;
    this.json = json;
    this.validator = validator;
  }

  /**
   * The renditions of a JSON body, already checked field by field by bean validation; null when the
   * request asks for none, which means the presets.
   */
  public @Nullable List<RenditionSpec> toSpecs(@Nullable List<RenditionRequest> requests) {
    return requests == null ? null : toSpecs("renditions", requests);
  }

  /**
   * A multipart field's JSON array: read, validated field by field as a JSON body would be, then
   * checked like one. Null or blank means the presets.
   */
  public @Nullable List<RenditionSpec> parse(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    List<RenditionRequest> requests;
    try {
      requests = json.readValue(raw, Argument.listOf(RenditionRequest.class));
    } catch (IOException | RuntimeException e) {
      throw ApiException.invalid("renditions", "must be a JSON array of renditions");
    }
    if (requests == null) {
      throw ApiException.invalid("renditions", "must be a JSON array of renditions");
    }
    return validated("renditions", requests);
  }

  /** Bean validation of every element, as a JSON body gets it, then the rules below. */
  List<RenditionSpec> validated(String field, List<RenditionRequest> requests) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      if (requests.get(i) == null) {
        continue; // reported by toSpecs
      }
      for (ConstraintViolation<RenditionRequest> v : validator.validate(requests.get(i))) {
        errors.add(
            new Problem.FieldError(
                FieldPaths.element(field, i, v.getPropertyPath().toString()), v.getMessage()));
      }
    }
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparing(Problem.FieldError::field));
      throw ApiException.invalid(errors);
    }
    return toSpecs(field, requests);
  }

  /** The rules a single field's constraint cannot express, for a list named {@code field}. */
  List<RenditionSpec> toSpecs(String field, List<RenditionRequest> requests) {
    int max = configuration.maxCount();
    if (requests.isEmpty() || requests.size() > max) {
      throw ApiException.invalid(field, "must hold 1 to " + max + " renditions");
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      RenditionRequest r = requests.get(i);
      String element = FieldPaths.element(field, i, "");
      if (r == null) {
        errors.add(new Problem.FieldError(element, "must not be null"));
        continue;
      }
      if (r.width() == null && r.height() == null) {
        errors.add(new Problem.FieldError(element, "needs a width or a height"));
      } else if (r.width() != null
          && r.height() != null
          && (long) r.width() * r.height() > RenditionSpec.MAX_CANVAS_PIXELS) {
        errors.add(
            new Problem.FieldError(
                element,
                "asks for "
                    + r.width()
                    + "x"
                    + r.height()
                    + " pixels; a rendition has at most "
                    + RenditionSpec.MAX_CANVAS_PIXELS));
      }
      if (!names.add(r.name())) {
        errors.add(
            new Problem.FieldError(
                FieldPaths.element(field, i, "name"), "is used twice: " + r.name()));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return requests.stream()
        .map(
            r ->
                new RenditionSpec(
                    r.name(), r.width(), r.height(), r.fit(), r.format(), r.quality()))
        .toList();
  }
}
