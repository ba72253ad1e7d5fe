package io.darkroom.api.rendition;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.Problem;
import io.darkroom.schema.RenditionSpec;
import io.micronaut.context.annotation.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The renditions made when a request asks for none ({@code darkroom.renditions.presets},
 * DESIGN.md's four by default), smallest first. A preset that a client could not ask for stops
 * start-up.
 */
@Context
public class RenditionPresets {
  private static final String KEY = "darkroom.renditions.presets";

  private final List<RenditionSpec> defaults;

  RenditionPresets(List<RenditionPreset> presets, RenditionRequests requests) {
    if (presets.isEmpty()) {
      throw new IllegalStateException(KEY + " is empty: at least one preset is needed");
    }
    List<RenditionRequest> sorted =
        presets.stream()
            .sorted(
                Comparator.comparingInt(RenditionPresets::largestSide)
                    .thenComparing(RenditionPreset::name))
            .map(RenditionPreset::asRequest)
            .toList();
    try {
      this.defaults = requests.validated(KEY, sorted);
    } catch (ApiException invalid) {
      // renditions[i] as the preset's own key: darkroom.renditions.presets.small.width
      List<String> problems = new ArrayList<>();
      for (Problem.FieldError error : invalid.errors()) {
        String field = error.field();
        for (int i = 0; i < sorted.size(); i++) {
          field = field.replace(KEY + "[" + i + "]", KEY + "." + sorted.get(i).name());
        }
        problems.add(field + " " + error.message());
      }
      throw new IllegalStateException(String.join("; ", problems));
    }
  }

  public List<RenditionSpec> defaults() {
    return defaults;
  }

  private static int largestSide(RenditionPreset preset) {
    return Math.max(
        preset.width() == null ? 0 : preset.width(), preset.height() == null ? 0 : preset.height());
  }
}
