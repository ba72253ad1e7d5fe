package io.darkroom.worker.pipeline;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.nio.ByteBuffer;

/**
 * Whether an embedded RGB profile describes sRGB: its colorants are sRGB's and its three tone
 * curves follow sRGB's. Cameras and image editors embed many byte-different copies of "sRGB
 * IEC61966-2.1"; converting from one to sRGB changes no pixel by more than rounding, yet costs the
 * colour engine a pass over the whole decode. The check reads the tags, and is deliberately strict:
 * any profile it is unsure of is converted.
 */
final class SrgbProfile {
  private static final double COLORANT_TOLERANCE = 0.002;
  private static final double CURVE_TOLERANCE = 0.003;
  private static final double[] PROBES = {0.02, 0.1, 0.25, 0.5, 0.75, 0.95};
  private static final String[] COLORANTS = {"rXYZ", "gXYZ", "bXYZ"};
  private static final String[] CURVES = {"rTRC", "gTRC", "bTRC"};
  private static final ICC_Profile SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB);

  private SrgbProfile() {}

  static boolean matches(ICC_Profile profile) {
    if (profile.getColorSpaceType() != ColorSpace.TYPE_RGB) {
      return false;
    }
    try {
      for (String tag : COLORANTS) {
        double[] ours = xyz(profile.getData(signature(tag)));
        double[] srgb = xyz(SRGB.getData(signature(tag)));
        for (int i = 0; i < 3; i++) {
          if (Math.abs(ours[i] - srgb[i]) > COLORANT_TOLERANCE) {
            return false;
          }
        }
      }
      for (String tag : CURVES) {
        byte[] curve = profile.getData(signature(tag));
        for (double x : PROBES) {
          if (Math.abs(evaluate(curve, x) - srgb(x)) > CURVE_TOLERANCE) {
            return false;
          }
        }
      }
      return true;
    } catch (RuntimeException missingOrMalformedTag) {
      return false;
    }
  }

  /** sRGB's tone curve: encoded value to linear light. */
  static double srgb(double x) {
    return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
  }

  private static double[] xyz(byte[] tag) {
    ByteBuffer b = ByteBuffer.wrap(tag);
    return new double[] {fixed(b.getInt(8)), fixed(b.getInt(12)), fixed(b.getInt(16))};
  }

  /** A 'curv' (table or gamma) or 'para' (parametric) tone curve at {@code x}. */
  private static double evaluate(byte[] tag, double x) {
    ByteBuffer b = ByteBuffer.wrap(tag);
    String type = new String(tag, 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
    if (type.equals("curv")) {
      int count = b.getInt(8);
      if (count == 0) {
        return x;
      }
      if (count == 1) {
        return Math.pow(x, (b.getShort(12) & 0xFFFF) / 256.0);
      }
      double position = x * (count - 1);
      int i = (int) Math.floor(position);
      int j = Math.min(i + 1, count - 1);
      double a = (b.getShort(12 + 2 * i) & 0xFFFF) / 65535.0;
      double c = (b.getShort(12 + 2 * j) & 0xFFFF) / 65535.0;
      return a + (c - a) * (position - i);
    }
    if (type.equals("para")) {
      int function = b.getShort(8) & 0xFFFF;
      double[] p = new double[7];
      int[] counts = {1, 3, 4, 5, 7};
      for (int k = 0; k < counts[function]; k++) {
        p[k] = fixed(b.getInt(12 + 4 * k));
      }
      double g = p[0];
      return switch (function) {
        case 0 -> Math.pow(x, g);
        case 1 -> x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], g) : 0;
        case 2 -> x >= -p[2] / p[1] ? Math.pow(p[1] * x + p[2], g) + p[3] : p[3];
        case 3 -> x >= p[4] ? Math.pow(p[1] * x + p[2], g) : p[3] * x;
        default -> x >= p[4] ? Math.pow(p[1] * x + p[2], g) + p[5] : p[3] * x + p[6];
      };
    }
    throw new IllegalArgumentException("tone curve of type " + type);
  }

  private static double fixed(int s15Fixed16) {
    return s15Fixed16 / 65536.0;
  }

  private static int signature(String tag) {
    return (tag.charAt(0) << 24) | (tag.charAt(1) << 16) | (tag.charAt(2) << 8) | tag.charAt(3);
  }
}
