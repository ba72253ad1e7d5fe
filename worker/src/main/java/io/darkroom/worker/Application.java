package io.darkroom.worker;

import io.micronaut.runtime.Micronaut;
import javax.imageio.ImageIO;

public final class Application {
  private Application() {}

  public static void main(String[] args) {
    // ImageIO's disk cache only slows decoding down; sources are read from local temp files anyway.
    ImageIO.setUseCache(false);
    Micronaut.build(args).banner(false).mainClass(Application.class).start();
  }
}
