package io.darkroom.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * The only place object keys are made. Keys derive from the owner and the image id, never from
 * anything a client typed (a filename, a content type), so a key can neither escape its prefix nor
 * collide with another owner's. The owner id (a token subject, which may hold any character) is
 * hashed into a fixed-width segment.
 *
 * <p>Layout, in both buckets: {@code <owner-hash>/<image-id>/original} and {@code
 * <owner-hash>/<image-id>/<rendition>.<ext>}. Everything of one image shares {@link #imagePrefix}.
 */
public final class ObjectKeys {
  private static final int OWNER_SEGMENT_HEX_CHARS = 32;

  private ObjectKeys() {}

  public static String imagePrefix(String ownerId, UUID imageId) {
    Objects.requireNonNull(imageId, "imageId");
    return ownerSegment(ownerId) + "/" + imageId + "/";
  }

  public static String original(String ownerId, UUID imageId) {
    return imagePrefix(ownerId, imageId) + "original";
  }

  /**
   * The key of one rendition. It is the same for every delivery of the same command, so a
   * redelivered command overwrites its earlier output instead of adding a copy.
   */
  public static String rendition(
      String ownerId, UUID imageId, String renditionName, OutputFormat format) {
    if (!RenditionSpec.isValidName(renditionName)) {
      throw new IllegalArgumentException("invalid rendition name");
    }
    if (format == OutputFormat.AUTO) {
      throw new IllegalArgumentException("a stored rendition has a concrete format");
    }
    return imagePrefix(ownerId, imageId) + renditionName + "." + format.extension();
  }

  /**
   * The worker's count of unfinished deliveries of an image's command, in the processed bucket:
   * outside any worker's memory, so it survives the worker a poison image kills; under the image's
   * prefix, so deleting the image deletes it.
   */
  public static String unfinishedAttempts(String ownerId, UUID imageId) {
    return imagePrefix(ownerId, imageId) + "unfinished-attempts";
  }

  static String ownerSegment(String ownerId) {
    if (ownerId == null || ownerId.isBlank()) {
      throw new IllegalArgumentException("ownerId is required");
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(ownerId.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, OWNER_SEGMENT_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
