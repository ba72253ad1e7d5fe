package io.darkroom.worker.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.OptionalLong;

/** The worker's door to object storage. */
@Singleton
public class ObjectStore {
  private final MinioClient client;
  private final StorageConfiguration config;

  ObjectStore(StorageConfiguration config) {
    this.config = config;
    this.client =
        MinioClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .build();
    long io = config.ioTimeout().toMillis();
    client.setTimeout(config.connectTimeout().toMillis(), io, io);
  }

  public String processedBucket() {
    return config.processedBucket();
  }

  /** The object's size, or empty when it does not exist. */
  public OptionalLong size(String bucket, String key) {
    try {
      return OptionalLong.of(
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return OptionalLong.empty();
      }
      throw new StorageUnavailableException("stat failed: " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw new StorageUnavailableException("storage unreachable", e);
    }
  }

  /**
   * Streams the object into {@code target}: decoding then reads a local file, never a heap copy.
   * Copies at most {@code maxBytes + 1} bytes, whatever the object grew to since it was checked:
   * returns how many were copied, so more than {@code maxBytes} means too large.
   */
  public long download(String bucket, String key, Path target, long maxBytes) {
    try (InputStream in =
            client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        InputStream capped = new BoundedInputStream(in, maxBytes + 1)) {
      return Files.copy(capped, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (Exception e) {
      throw new StorageUnavailableException("download failed", e);
    }
  }

  /** The first {@code limit} bytes of a stream. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
      if (left <= 0) {
        return -1;
      }
      int n = super.read(buffer, offset, (int) Math.min(length, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** A small text object's content, or empty when it does not exist. */
  public java.util.Optional<String> readText(String bucket, String key) {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return java.util.Optional.of(
          new String(in.readNBytes(1024), java.nio.charset.StandardCharsets.UTF_8));
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return java.util.Optional.empty();
      }
      throw new StorageUnavailableException("read failed: " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw new StorageUnavailableException("storage unreachable", e);
    }
  }

  public void remove(String bucket, String key) {
    try {
      client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      throw new StorageUnavailableException("remove failed", e);
    }
  }

  /**
   * Writes (or overwrites) an object: rendition keys are deterministic, so a retry replaces its
   * output.
   */
  public void put(String bucket, String key, byte[] data, String contentType) {
    try {
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(key).stream(
                  new ByteArrayInputStream(data), (long) data.length, null)
              .contentType(contentType)
              .build());
    } catch (Exception e) {
      throw new StorageUnavailableException("upload failed", e);
    }
  }
}
