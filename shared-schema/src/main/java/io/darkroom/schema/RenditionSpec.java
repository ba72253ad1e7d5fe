package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.regex.Pattern;

/**
 * One rendition to make. At least one of width and height is set; a missing one follows the aspect
 * ratio.
 *
 * @param name a short identifier, also part of the object key (see {@link #isValidName})
 * @param quality encoder quality 1..100 for lossy formats; null means the worker's default
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenditionSpec(
    String name,
    @Nullable Integer width,
    @Nullable Integer height,
    Fit fit,
    OutputFormat format,
    @Nullable Integer quality) {

  /**
   * The most pixels one rendition's canvas may have (4096x4096; 64 MiB as ARGB). The api refuses a
   * request for more, the worker a plan that would make more (a one-sided fill of a tall source).
   */
  public static final long MAX_CANVAS_PIXELS = 4096L * 4096;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

  public RenditionSpec {
    if (!isValidName(name)) {
      throw new IllegalArgumentException("rendition name must match " + NAME.pattern());
    }
    if (width == null && height == null) {
      throw new IllegalArgumentException("rendition " + name + " needs a width or a height");
    }
    if ((width != null && width < 1) || (height != null && height < 1)) {
      throw new IllegalArgumentException("rendition " + name + " has a non-positive size");
    }
    if (quality != null && (quality < 1 || quality > 100)) {
      throw new IllegalArgumentException("rendition " + name + " quality must be 1..100");
    }
    fit = fit == null ? Fit.INSIDE : fit;
    format = format == null ? OutputFormat.AUTO : format;
  }

  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }
}
