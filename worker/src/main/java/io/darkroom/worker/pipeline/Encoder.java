package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.OutputFormat;
import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes renditions. Nothing of the source's metadata (EXIF, GPS, ICC) is carried over. */
final class Encoder {
  private Encoder() {}

  /**
   * @param turbo libjpeg-turbo, which encodes JPEG when given (3-4x faster than the JDK's writer),
   *     or null
   */
  static byte[] encode(BufferedImage image, OutputFormat format, int quality, TurboJpeg turbo)
      throws ProcessingFailure {
    switch (format) {
      case JPEG:
        BufferedImage flat = Resampler.flatten(image);
        int[] pixels = turbo == null ? null : Resampler.packed(flat);
        if (pixels != null && flat.getType() == BufferedImage.TYPE_INT_RGB) {
          return turbo.compress(pixels, flat.getWidth(), flat.getHeight(), quality);
        }
        return write(flat, "jpeg", quality / 100f);
      case PNG:
        return write(image, "png", -1);
      case WEBP:
        return writeWebp(straightAlpha(image), quality / 100f);
      default:
        throw new ProcessingFailure(
            FailureCode.INVALID_RENDITION,
            "Output format " + format.wireName() + " is not supported yet.");
    }
  }

  /**
   * libwebp takes the raster as it is: premultiplied samples would come out darkened at partial
   * alpha.
   */
  private static BufferedImage straightAlpha(BufferedImage image) {
    if (!image.isAlphaPremultiplied()) {
      return image;
    }
    BufferedImage straight =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_ARGB);
    Graphics2D graphics = straight.createGraphics();
    try {
      graphics.setComposite(AlphaComposite.Src);
      graphics.drawImage(image, 0, 0, null);
    } finally {
      graphics.dispose();
    }
    return straight;
  }

  /** Lossy WebP, alpha kept (libwebp encodes the alpha plane losslessly). */
  private static byte[] writeWebp(BufferedImage image, float quality) {
    return write(
        image,
        ImageIO.getImageWritersByMIMEType("image/webp"),
        param -> {
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionType("Lossy");
          param.setCompressionQuality(quality);
        });
  }

  private static byte[] write(BufferedImage image, String formatName, float quality) {
    return write(
        image,
        ImageIO.getImageWritersByFormatName(formatName),
        param -> {
          if (quality > 0 && param.canWriteCompressed()) {
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
          }
        });
  }

  private static byte[] write(
      BufferedImage image, Iterator<ImageWriter> writers, Consumer<ImageWriteParam> configure) {
    if (!writers.hasNext()) {
      throw new IllegalStateException("no ImageIO writer for this format");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      configure.accept(param);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("encoding to memory failed", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }
}
