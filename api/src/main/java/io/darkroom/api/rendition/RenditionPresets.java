package io.darkroom.api.image;

import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import jakarta.inject.Singleton;
import java.util.List;

/** The renditions made when a request asks for none: DESIGN.md's defaults. */
@Singleton
public class RenditionPresets {
  private static final List<RenditionSpec> DEFAULTS =
      List.of(
          new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.AUTO, null),
          new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.AUTO, null),
          new RenditionSpec("medium", 1024, null, Fit.INSIDE, OutputFormat.AUTO, null),
          new RenditionSpec("large", 2048, null, Fit.INSIDE, OutputFormat.AUTO, null));

  public List<RenditionSpec> defaults() {
    return DEFAULTS;
  }
}
