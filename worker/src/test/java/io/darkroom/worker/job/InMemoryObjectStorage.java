package io.darkroom.worker.job;

import io.darkroom.worker.storage.ObjectStorage;
import io.darkroom.worker.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link ObjectStorage} in a map, for unit tests: each operation can be made to fail (storage away,
 * or anything else), and a stored size can be reported other than what a download then copies (an
 * object that grew since it was checked).
 */
public final class InMemoryObjectStorage implements ObjectStorage {
  public static final String PROCESSED = "processed";

  /** The calls that can be made to fail as storage being away. */
  public enum Operation {
    SIZE,
    DOWNLOAD,
    READ_TEXT,
    REMOVE,
    PUT
  }

  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final Map<String, Long> reportedSizes = new HashMap<>();
  private final Map<Operation, RuntimeException> failures = new EnumMap<>(Operation.class);
  private int downloads;

  @Override
  public String processedBucket() {
    return PROCESSED;
  }

  public void store(String bucket, String key, byte[] data) {
    objects.put(bucket + "/" + key, data.clone());
  }

  /** What {@link #size} answers for this object from now on, whatever it holds. */
  public void reportSize(String bucket, String key, long size) {
    reportedSizes.put(bucket + "/" + key, size);
  }

  /** Makes these calls throw {@link StorageException}, as when the storage server is away. */
  public void makeUnavailable(Operation... operations) {
    for (Operation operation : operations) {
      failWith(
          operation,
          new StorageException(
              operation + " failed", new IOException("Connection refused (in-memory storage)")));
    }
  }

  /** Makes this call throw {@code failure}. */
  public void failWith(Operation operation, RuntimeException failure) {
    failures.put(operation, failure);
  }

  public Optional<byte[]> object(String bucket, String key) {
    return Optional.ofNullable(objects.get(bucket + "/" + key));
  }

  /** Every key in {@code bucket}. */
  public Set<String> keys(String bucket) {
    Set<String> keys = new TreeSet<>();
    for (String path : objects.keySet()) {
      if (path.startsWith(bucket + "/")) {
        keys.add(path.substring(bucket.length() + 1));
      }
    }
    return keys;
  }

  public int downloads() {
    return downloads;
  }

  @Override
  public OptionalLong size(String bucket, String key) {
    check(Operation.SIZE);
    Long reported = reportedSizes.get(bucket + "/" + key);
    if (reported != null) {
      return OptionalLong.of(reported);
    }
    byte[] data = objects.get(bucket + "/" + key);
    return data == null ? OptionalLong.empty() : OptionalLong.of(data.length);
  }

  @Override
  public long download(String bucket, String key, Path target, long maxBytes) {
    check(Operation.DOWNLOAD);
    downloads++;
    byte[] data = objects.get(bucket + "/" + key);
    if (data == null) {
      throw new StorageException("download failed", new IOException("NoSuchKey"));
    }
    byte[] capped = Arrays.copyOf(data, (int) Math.min(data.length, maxBytes + 1));
    try {
      Files.write(target, capped);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return capped.length;
  }

  @Override
  public Optional<String> readText(String bucket, String key) {
    check(Operation.READ_TEXT);
    return object(bucket, key).map(data -> new String(data, StandardCharsets.UTF_8));
  }

  @Override
  public void remove(String bucket, String key) {
    check(Operation.REMOVE);
    objects.remove(bucket + "/" + key);
  }

  @Override
  public void upload(String bucket, String key, Path file, String contentType) {
    check(Operation.PUT);
    try {
      store(bucket, key, Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void put(String bucket, String key, byte[] data, String contentType) {
    check(Operation.PUT);
    store(bucket, key, data);
  }

  private void check(Operation operation) {
    RuntimeException failure = failures.get(operation);
    if (failure != null) {
      throw failure;
    }
  }
}
