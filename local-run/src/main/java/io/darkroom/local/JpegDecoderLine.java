package io.darkroom.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The banner's line saying which JPEG decoder the workers run, as a worker itself exports it
 * ({@code darkroom_worker_jpeg_decoder_info{decoder,version}} on its /prometheus): libjpeg-turbo
 * where Debian's libturbojpeg0 is installed, else the Java decoder.
 */
final class JpegDecoderLine {
  private static final Pattern INFO =
      Pattern.compile(
          "darkroom_worker_jpeg_decoder_info\\{[^}]*decoder=\"([^\"]+)\"[^}]*version=\"([^\"]*)\"");

  private JpegDecoderLine() {}

  /** What the worker at {@code worker} says, waiting for it up to {@code patience}. */
  static String describe(URI worker, Duration patience) {
    return read(worker, patience)
        .map(JpegDecoderLine::describe)
        .orElse("not known yet: the workers are still starting (each logs \"JPEG decoder: ...\")");
  }

  static String describe(String metrics) {
    Matcher m = INFO.matcher(metrics);
    if (!m.find()) {
      return "not exported by this worker";
    }
    if (m.group(1).equals("libjpeg-turbo")) {
      return "libjpeg-turbo " + m.group(2) + " (with shrink-on-load; the Java decoder for CMYK)";
    }
    return "Java (TwelveMonkeys); install Debian's libturbojpeg0 to decode JPEG 3-5x faster";
  }

  private static Optional<String> read(URI worker, Duration patience) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(worker.resolve("/prometheus"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return Optional.of(response.body());
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
      if (System.nanoTime() > deadline) {
        return Optional.empty();
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
