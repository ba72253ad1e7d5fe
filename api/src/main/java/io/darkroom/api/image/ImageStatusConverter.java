package io.darkroom.api.image;

import io.micronaut.core.convert.ConversionContext;
import io.micronaut.data.model.runtime.convert.AttributeConverter;
import jakarta.inject.Singleton;

/** Stores the status as the same lowercase word the api shows and the SQL guards test. */
@Singleton
final class ImageStatusConverter implements AttributeConverter<ImageStatus, String> {
  @Override
  public String convertToPersistedValue(ImageStatus status, ConversionContext context) {
    return status == null ? null : status.wireName();
  }

  @Override
  public ImageStatus convertToEntityValue(String value, ConversionContext context) {
    return value == null ? null : ImageStatus.fromWire(value);
  }
}
