package io.darkroom.worker.storage;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The worker's door to object storage. Every method throws {@link StorageException} when storage is
 * unavailable (transient: the command is retried); an object that does not exist is an answer, not
 * an error.
 */
public interface ObjectStorage {
  /** The bucket renditions (and the worker's attempt counts) are written to. */
  String processedBucket();

  /** The object's size, or empty when it does not exist. */
  OptionalLong size(String bucket, String key);

  /**
   * Streams the object into {@code target}: decoding then reads a local file, never a heap copy.
   * Copies at most {@code maxBytes + 1} bytes, whatever the object grew to since it was checked:
   * returns how many were copied, so more than {@code maxBytes} means too large.
   */
  long download(String bucket, String key, Path target, long maxBytes);

  /** A small text object's content (its first KiB), or empty when it does not exist. */
  Optional<String> readText(String bucket, String key);

  /** Removes an object. */
  void remove(String bucket, String key);

  /** Streams a local file into an object (an imported original), never a heap copy. */
  void upload(String bucket, String key, Path file, String contentType);

  /**
   * Writes (or overwrites) an object: rendition keys are deterministic, so a retry replaces its
   * output.
   */
  void put(String bucket, String key, byte[] data, String contentType);
}
