package io.darkroom.api.image;

import io.darkroom.api.error.ApiException;
import io.darkroom.schema.RenditionSpec;
import io.micronaut.core.annotation.Nullable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns requested renditions into specs, with the rules a single field's constraint cannot express.
 */
public final class RenditionRequests {
  /** How many renditions one image may ask for: each costs a resample and an encode. */
  public static final int MAX_COUNT = 10;

  private RenditionRequests() {}

  /** Null when the request asks for none, which means the presets. */
  public static @Nullable List<RenditionSpec> toSpecs(@Nullable List<RenditionRequest> requests) {
    if (requests == null) {
      return null;
    }
    if (requests.isEmpty() || requests.size() > MAX_COUNT) {
      throw ApiException.invalid("renditions", "must hold 1 to " + MAX_COUNT + " renditions");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < requests.size(); i++) {
      RenditionRequest r = requests.get(i);
      String field = "renditions[" + i + "]";
      if (r == null) {
        throw ApiException.invalid(field, "must not be null");
      }
      if (r.width() == null && r.height() == null) {
        throw ApiException.invalid(field, "needs a width or a height");
      }
      if (r.width() != null
          && r.height() != null
          && (long) r.width() * r.height() > RenditionSpec.MAX_CANVAS_PIXELS) {
        throw ApiException.invalid(
            field,
            "asks for "
                + r.width()
                + "x"
                + r.height()
                + " pixels; a rendition has at most "
                + RenditionSpec.MAX_CANVAS_PIXELS);
      }
      if (!names.add(r.name())) {
        throw ApiException.invalid(field + ".name", "is used twice: " + r.name());
      }
    }
    return requests.stream()
        .map(
            r ->
                new RenditionSpec(
                    r.name(), r.width(), r.height(), r.fit(), r.format(), r.quality()))
        .toList();
  }
}
