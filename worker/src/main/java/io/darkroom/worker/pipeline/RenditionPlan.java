package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.RenditionSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every rendition's geometry, planned from the header alone, and how coarsely the source may be
 * decoded for them. Renditions are asked for as displayed; a quarter-turned source is planned with
 * the box turned too, rendered in stored orientation, and each small result is turned upright.
 */
final class RenditionPlan {
  private static final int MAX_SUBSAMPLING = 2;

  private final boolean turned;
  private final List<Geometry> geometries;
  private final double neededScale;

  private RenditionPlan(boolean turned, List<Geometry> geometries, double neededScale) {
    this.turned = turned;
    this.geometries = geometries;
    this.neededScale = neededScale;
  }

  /** Plans {@code specs} on a stored {@code width x height} source; refuses oversized canvases. */
  static RenditionPlan of(List<RenditionSpec> specs, int width, int height, int orientation)
      throws ProcessingFailure {
    boolean turned = Orientation.transposes(orientation);
    List<Geometry> geometries = new ArrayList<>(specs.size());
    double neededScale = 0;
    for (RenditionSpec spec : specs) {
      Geometry g = Geometry.plan(turned ? turn(spec) : spec, width, height);
      refuseOversizedCanvas(spec, g);
      geometries.add(g);
      neededScale = Math.max(neededScale, g.scale());
    }
    return new RenditionPlan(turned, geometries, neededScale);
  }

  /** Whether the source is stored a quarter-turn from how it is displayed. */
  boolean turned() {
    return turned;
  }

  List<Geometry> geometries() {
    return geometries;
  }

  Geometry geometry(int index) {
    return geometries.get(index);
  }

  /** The largest rendition's size over the source's, in stored orientation. */
  double neededScale() {
    return neededScale;
  }

  /**
   * The decode's subsampling before the memory budget is considered. Subsampled decoding keeps
   * every n-th pixel and drops the rest: cheap, but it aliases. Up to 2 the loss is invisible after
   * the averaging that follows and decoding is ~1.5x faster; beyond it fine detail turns to moire,
   * so larger reductions are left to the resampler's averaging.
   */
  int subsampling() {
    return Math.max(
        1, Math.min(MAX_SUBSAMPLING, (int) Math.floor(1.0 / Math.max(neededScale, 1e-9))));
  }

  private static RenditionSpec turn(RenditionSpec spec) {
    return new RenditionSpec(
        spec.name(), spec.height(), spec.width(), spec.fit(), spec.format(), spec.quality());
  }

  private static void refuseOversizedCanvas(RenditionSpec spec, Geometry g)
      throws ProcessingFailure {
    long canvas = (long) g.canvasWidth() * g.canvasHeight();
    if (canvas > RenditionSpec.MAX_CANVAS_PIXELS) {
      throw new ProcessingFailure(
          FailureCode.INVALID_RENDITION,
          "Rendition "
              + spec.name()
              + " would be "
              + g.canvasWidth()
              + "x"
              + g.canvasHeight()
              + "; a rendition has at most "
              + RenditionSpec.MAX_CANVAS_PIXELS
              + " pixels.");
    }
  }
}
