package io.darkroom.worker.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which decoder reads JPEG, chosen once at start from {@code darkroom.pipeline.jpeg-decoder}:
 *
 * <ul>
 *   <li>{@code auto} (the default): libjpeg-turbo when its library is installed, else the Java
 *       decoder;
 *   <li>{@code libjpeg-turbo}: libjpeg-turbo, and the worker refuses to start without it;
 *   <li>{@code java}: the JDK's decoder through TwelveMonkeys, whatever is installed.
 * </ul>
 *
 * The Java decoder also reads what libjpeg-turbo cannot render right (CMYK and YCCK, 12-bit) and is
 * the one fallback when libjpeg-turbo fails on a file. The choice is logged with the library's
 * version and exported as {@code darkroom_worker_jpeg_decoder_info{decoder,version}}; every decode
 * is timed in {@code darkroom_worker_decode_seconds{decoder,format}}, and fallbacks are counted in
 * {@code darkroom_worker_jpeg_fallbacks_total}.
 */
@Context
public final class JpegDecoders {
  /** The label of libjpeg-turbo decodes. */
  public static final String LIBJPEG_TURBO = "libjpeg-turbo";

  /** The label of decodes by the JDK's and TwelveMonkeys' readers. */
  public static final String JAVA = "java";

  private static final Logger LOG = LoggerFactory.getLogger(JpegDecoders.class);

  private final TurboJpeg turbo;
  private final MeterRegistry registry;
  private final Counter fallbacks;

  @Inject
  JpegDecoders(
      @Value("${darkroom.pipeline.jpeg-decoder:auto}") String choice, MeterRegistry registry) {
    this(choice, TurboJpeg::load, registry);
  }

  /**
   * With {@code library} loading libjpeg-turbo, or throwing UnsatisfiedLinkError where it is not.
   */
  JpegDecoders(String choice, Supplier<TurboJpeg> library, MeterRegistry registry) {
    this(resolve(choice, library), registry);
    if (turbo != null) {
      LOG.info(
          "JPEG decoder: libjpeg-turbo {} ({}), with shrink-on-load; the Java decoder for CMYK, YCCK"
              + " and 12-bit JPEG",
          turbo.version(),
          turbo.file());
    } else {
      LOG.info(
          "JPEG decoder: Java (TwelveMonkeys and the JDK){}",
          choice.equalsIgnoreCase(JAVA)
              ? ", as configured"
              : "; install libturbojpeg0 (libjpeg-turbo) to decode JPEG 3-5x faster");
    }
  }

  private JpegDecoders(TurboJpeg turbo, MeterRegistry registry) {
    this.turbo = turbo;
    this.registry = registry;
    Gauge.builder("darkroom.worker.jpeg.decoder.info", () -> 1)
        .description("The JPEG decoder this worker uses, and its version")
        .tags("decoder", name(), "version", turbo == null ? "" : turbo.version())
        .register(registry);
    this.fallbacks =
        Counter.builder("darkroom.worker.jpeg.fallbacks")
            .description(
                "JPEG files libjpeg-turbo failed on, then tried once with the Java decoder")
            .register(registry);
  }

  /** The Java decoder alone. */
  public static JpegDecoders javaOnly() {
    return new JpegDecoders((TurboJpeg) null, new SimpleMeterRegistry());
  }

  /**
   * libjpeg-turbo, for tests and benchmarks of its path.
   *
   * @throws IllegalStateException when the library is not installed
   */
  public static JpegDecoders libjpegTurbo() {
    return new JpegDecoders(requireTurbo(TurboJpeg::load), new SimpleMeterRegistry());
  }

  /** {@link #LIBJPEG_TURBO} or {@link #JAVA}: what decodes a plain JPEG here. */
  public String name() {
    return turbo == null ? JAVA : LIBJPEG_TURBO;
  }

  /** libjpeg-turbo's version, when it is the decoder. */
  public Optional<String> version() {
    return Optional.ofNullable(turbo).map(TurboJpeg::version);
  }

  Optional<TurboJpeg> turbo() {
    return Optional.ofNullable(turbo);
  }

  void decoded(String decoder, String format, long nanos) {
    Timer.builder("darkroom.worker.decode")
        .description("Time to decode one original, by decoder and format")
        .tags("decoder", decoder, "format", format)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  void fellBack() {
    fallbacks.increment();
  }

  /** Files libjpeg-turbo failed on so far. */
  long fallbacks() {
    return (long) fallbacks.count();
  }

  /** Decodes that {@code decoder} finished so far. */
  long decodes(String decoder) {
    return registry.find("darkroom.worker.decode").tag("decoder", decoder).timers().stream()
        .mapToLong(Timer::count)
        .sum();
  }

  private static TurboJpeg resolve(String choice, Supplier<TurboJpeg> library) {
    return switch (choice.toLowerCase(Locale.ROOT)) {
      case "auto" -> {
        try {
          yield library.get();
        } catch (UnsatisfiedLinkError e) {
          yield null;
        }
      }
      case LIBJPEG_TURBO -> requireTurbo(library);
      case JAVA -> null;
      default ->
          throw new ConfigurationException(
              "darkroom.pipeline.jpeg-decoder must be auto, libjpeg-turbo or java, not '"
                  + choice
                  + "'");
    };
  }

  private static TurboJpeg requireTurbo(Supplier<TurboJpeg> library) {
    try {
      return library.get();
    } catch (UnsatisfiedLinkError e) {
      throw new IllegalStateException(
          "libjpeg-turbo is required but its library could not be loaded (on Debian or Ubuntu:"
              + " apt-get install libturbojpeg0): "
              + e.getMessage(),
          e);
    }
  }
}
