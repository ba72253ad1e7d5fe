package io.darkroom.api.image;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The text of a jsonb column written by a guarded UPDATE ({@code CAST(:json AS jsonb)}); entities
 * saved whole are mapped by their {@code @TypeDef(JSON)} fields instead.
 */
@Singleton
final class JsonColumns {
  private final ObjectMapper json;

  JsonColumns(ObjectMapper json) {
    this.json = json;
  }

  String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
