package io.darkroom.api.rendition;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.Problem;
import io.darkroom.schema.RenditionSpec;
import io.micronaut.context.annotation.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The renditions made when a request asks for none ({@code darkroom.renditions.presets},
 * DESIGN.md's four by default), smallest first. A preset that a client could not ask for stops
 * start-up.
 */
@Context
public class RenditionPresets {
  private static final String KEY = "darkroom.renditions.presets";

  private final List<RenditionSpec> defaults;
  private final Map<String, RenditionSpec> byName;

  RenditionPresets(List<RenditionPreset> presets, RenditionRequests requests) {
    List<RenditionSpec> all = validated(presets, requests);
    Set<String> byDefault =
        presets.stream()
            .filter(RenditionPreset::madeByDefault)
            .map(RenditionPreset::name)
            .collect(Collectors.toSet());
    this.defaults = all.stream().filter(spec -> byDefault.contains(spec.name())).toList();
    if (defaults.isEmpty()) {
      throw new IllegalStateException(
          KEY + " has no preset made by default: at least one is needed");
    }
    Map<String, RenditionSpec> named = new LinkedHashMap<>();
    all.forEach(spec -> named.put(spec.name(), spec));
    this.byName = Collections.unmodifiableMap(named);
  }

  private static List<RenditionSpec> validated(
      List<RenditionPreset> presets, RenditionRequests requests) {
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
      return requests.validated(KEY, sorted);
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

  /** The renditions made when a request asks for none, smallest first. */
  public List<RenditionSpec> defaults() {
    return defaults;
  }

  /** Every preset by name, those made by default or not. */
  public Optional<RenditionSpec> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** The names a request may give. */
  public Set<String> names() {
    return byName.keySet();
  }

  private static int largestSide(RenditionPreset preset) {
    return Math.max(
        preset.width() == null ? 0 : preset.width(), preset.height() == null ? 0 : preset.height());
  }
}
