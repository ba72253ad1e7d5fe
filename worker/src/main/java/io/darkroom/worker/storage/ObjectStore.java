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
   */
  public void download(String bucket, String key, Path target) {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (Exception e) {
      throw new StorageUnavailableException("download failed", e);
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
