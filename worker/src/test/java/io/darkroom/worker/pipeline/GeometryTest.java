package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import org.junit.jupiter.api.Test;

class GeometryTest {
  private static Geometry plan(Integer w, Integer h, Fit fit, int sw, int sh) {
    return Geometry.plan(new RenditionSpec("r", w, h, fit, OutputFormat.AUTO, null), sw, sh);
  }

  @Test
  void shouldCoverTheBoxWithACentredCrop() {
    Geometry g = plan(100, 100, Fit.COVER, 1920, 1280);
    assertThat(g.width()).isEqualTo(100);
    assertThat(g.height()).isEqualTo(100);
    assertThat(g.cropWidth()).isEqualTo(1280);
    assertThat(g.cropHeight()).isEqualTo(1280);
    assertThat(g.cropX()).isEqualTo(320);
    assertThat(g.cropY()).isZero();
  }

  @Test
  void shouldFitInsideKeepingTheAspectRatio() {
    Geometry g = plan(320, null, Fit.INSIDE, 1920, 1280);
    assertThat(g.width()).isEqualTo(320);
    assertThat(g.height()).isEqualTo(213);
  }

  @Test
  void shouldNeverUpscaleInsideOrCover() {
    Geometry inside = plan(2048, null, Fit.INSIDE, 640, 480);
    assertThat(inside.width()).isEqualTo(640);
    assertThat(inside.height()).isEqualTo(480);
    Geometry cover = plan(1000, 1000, Fit.COVER, 640, 480);
    assertThat(cover.width()).isEqualTo(480);
    assertThat(cover.height()).isEqualTo(480);
  }

  @Test
  void shouldPadToTheBoxForContain() {
    Geometry g = plan(200, 200, Fit.CONTAIN, 400, 100);
    assertThat(g.width()).isEqualTo(200);
    assertThat(g.height()).isEqualTo(50);
    assertThat(g.canvasWidth()).isEqualTo(200);
    assertThat(g.canvasHeight()).isEqualTo(200);
  }

  @Test
  void shouldStretchForFill() {
    Geometry g = plan(300, 100, Fit.FILL, 400, 400);
    assertThat(g.width()).isEqualTo(300);
    assertThat(g.height()).isEqualTo(100);
  }
}
