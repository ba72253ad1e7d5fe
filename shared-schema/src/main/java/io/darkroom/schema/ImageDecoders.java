package io.darkroom.schema;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The one decoder allowed to read each accepted format, chosen by class: never by ImageIO's
 * registry order, which changes between runs and lets any jar on the classpath (a native WebP
 * binding, for one) take over the parsing of uploaded bytes. The api reads headers with these, the
 * worker decodes with them.
 *
 * <p>Every one is pure Java except JPEG's: TwelveMonkeys' JPEG reader hands the entropy decoding to
 * the JDK's codec, which on Debian's OpenJDK is the distribution's libjpeg-turbo. It only ever sees
 * bytes whose header has been checked first (see {@link ImageHeaders}).
 */
public final class ImageDecoders {
  private static final Map<SourceFormat, String> READERS = new EnumMap<>(SourceFormat.class);

  static {
    READERS.put(SourceFormat.JPEG, "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi");
    READERS.put(SourceFormat.PNG, "com.sun.imageio.plugins.png.PNGImageReaderSpi");
    READERS.put(SourceFormat.GIF, "com.sun.imageio.plugins.gif.GIFImageReaderSpi");
    READERS.put(SourceFormat.WEBP, "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi");
    // The JDK's BMP reader is pure Java; the variants that embed a JPEG or PNG stream (which it
    // would hand to another codec, after allocating what the header claims) are refused before it.
    READERS.put(SourceFormat.BMP, "com.sun.imageio.plugins.bmp.BMPImageReaderSpi");
    READERS.put(SourceFormat.TIFF, "com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi");
  }

  private ImageDecoders() {}

  /** The class name of the reader provider allowed for {@code format}. */
  public static String readerProvider(SourceFormat format) {
    return READERS.get(format);
  }

  /**
   * A new reader of the allowed class for {@code format}.
   *
   * @throws IllegalStateException if that reader is not on the classpath: a build mistake, never a
   *     reason to fall back to another decoder
   */
  public static ImageReader reader(SourceFormat format) {
    String wanted = READERS.get(format);
    Iterator<ImageReaderSpi> providers =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi provider = providers.next();
      if (provider.getClass().getName().equals(wanted)) {
        try {
          return provider.createReaderInstance();
        } catch (IOException e) {
          throw new IllegalStateException("could not create " + wanted, e);
        }
      }
    }
    throw new IllegalStateException(
        "the decoder allowed for " + format.wireName() + " (" + wanted + ") is not installed");
  }
}
