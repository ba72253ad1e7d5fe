package io.darkroom.worker.pipeline;

/** The decoders of a test that runs every image through both. */
final class TestDecoders {
  private TestDecoders() {}

  /** {@link JpegDecoders#JAVA} or {@link JpegDecoders#LIBJPEG_TURBO}, which must be installed. */
  static JpegDecoders named(String decoder) {
    return decoder.equals(JpegDecoders.JAVA)
        ? JpegDecoders.javaOnly()
        : JpegDecoders.libjpegTurbo();
  }
}
