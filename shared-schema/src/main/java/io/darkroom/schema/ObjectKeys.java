package io.darkroom.schema;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The only place object keys are made. Keys derive from the owner and the image id, never from
 * anything a client typed (a filename, a content type), so a key can neither escape its prefix nor
 * collide with another owner's. The owner id (a token subject, which may hold any character) is
 * hashed into a fixed-width segment.
 *
 * <p>Layout, in both buckets, under one prefix per image, {@code <owner-hash>/<image-id>/}:
 *
 * <ul>
 *   <li>{@code upload}: what a client's presigned URL or form may write, and nothing else may;
 *   <li>{@code original}: the checked original, written only by the api (a direct upload, or the
 *       server-side copy the process action makes of {@code upload}); what workers read and
 *       downloads serve;
 *   <li>{@code <rendition>.<ext>} and {@code unfinished-attempts}: the worker's, in the processed
 *       bucket.
 * </ul>
 *
 * <p>An image's prefix is made once, when it is created, and read back from its original's key from
 * then on ({@link #prefixOfOriginal}): an owner id whose encoding changes keeps the keys its images
 * were stored under.
 */
public final class ObjectKeys {
  private static final int OWNER_SEGMENT_HEX_CHARS = 32;
  private static final String ORIGINAL = "original";
  private static final String PREFIX_SHAPE =
      "[0-9a-f]{" + OWNER_SEGMENT_HEX_CHARS + "}/([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})/";
  private static final Pattern IMAGE_PREFIX = Pattern.compile(PREFIX_SHAPE);
  private static final Pattern ORIGINAL_KEY = Pattern.compile(PREFIX_SHAPE + ORIGINAL);

  private ObjectKeys() {}

  /** The prefix of a new image's objects. */
  public static String imagePrefix(String ownerId, UUID imageId) {
    Objects.requireNonNull(imageId, "imageId");
    return ownerSegment(ownerId) + "/" + imageId + "/";
  }

  /** Where a new image's checked original is kept. */
  public static String original(String ownerId, UUID imageId) {
    return imagePrefix(ownerId, imageId) + ORIGINAL;
  }

  /** The one key a client's presigned URL or form may write for a new image. */
  public static String upload(String ownerId, UUID imageId) {
    return imagePrefix(ownerId, imageId) + "upload";
  }

  /**
   * The prefix of an image from the key its original was recorded under. Refuses a key of another
   * shape or of another image, so a command can never point a worker's writes elsewhere.
   */
  public static String prefixOfOriginal(String originalKey, UUID imageId) {
    Objects.requireNonNull(imageId, "imageId");
    var match = ORIGINAL_KEY.matcher(originalKey == null ? "" : originalKey);
    if (!match.matches() || !match.group(1).equals(imageId.toString())) {
      throw new IllegalArgumentException("not the original's key of image " + imageId);
    }
    return originalKey.substring(0, originalKey.length() - ORIGINAL.length());
  }

  /**
   * The key of one rendition, under the image's prefix. It is the same for every delivery of the
   * same command, so a redelivered command overwrites its earlier output instead of adding a copy.
   */
  public static String rendition(String imagePrefix, String renditionName, OutputFormat format) {
    if (!RenditionSpec.isValidName(renditionName)) {
      throw new IllegalArgumentException("invalid rendition name");
    }
    if (format == OutputFormat.AUTO) {
      throw new IllegalArgumentException("a stored rendition has a concrete format");
    }
    return checked(imagePrefix) + renditionName + "." + format.extension();
  }

  /**
   * The worker's count of unfinished deliveries of an image's command, in the processed bucket:
   * outside any worker's memory, so it survives the worker a poison image kills; under the image's
   * prefix, so deleting the image deletes it.
   */
  public static String unfinishedAttempts(String imagePrefix) {
    return checked(imagePrefix) + "unfinished-attempts";
  }

  /**
   * The image an object key belongs to, for any key under an image's prefix; empty for a key of
   * another layout.
   */
  public static Optional<UUID> imageIdOf(String key) {
    var match = IMAGE_PREFIX.matcher(key == null ? "" : key);
    if (!match.lookingAt()) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(match.group(1)));
  }

  private static String checked(String imagePrefix) {
    if (imagePrefix == null || !IMAGE_PREFIX.matcher(imagePrefix).matches()) {
      throw new IllegalArgumentException("not an image prefix");
    }
    return imagePrefix;
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
