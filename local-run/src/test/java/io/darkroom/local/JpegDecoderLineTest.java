package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JpegDecoderLineTest {
  @Test
  void shouldNameLibjpegTurboAndItsVersionFromTheWorkersMetrics() {
    String metrics =
        "# HELP darkroom_worker_jpeg_decoder_info The JPEG decoder\n"
            + "darkroom_worker_jpeg_decoder_info{decoder=\"libjpeg-turbo\",version=\"2.1.5\"} 1.0\n";

    assertThat(JpegDecoderLine.describe(metrics)).startsWith("libjpeg-turbo 2.1.5 ");
  }

  @Test
  void shouldSayHowToGetLibjpegTurboWhenTheWorkerRunsTheJavaDecoder() {
    String metrics = "darkroom_worker_jpeg_decoder_info{decoder=\"java\",version=\"\"} 1.0\n";

    assertThat(JpegDecoderLine.describe(metrics))
        .startsWith("Java (TwelveMonkeys)")
        .contains("libturbojpeg0");
  }

  @Test
  void shouldNotGuessWhenTheWorkerDoesNotSay() {
    assertThat(JpegDecoderLine.describe("up 1\n")).isEqualTo("not exported by this worker");
  }
}
