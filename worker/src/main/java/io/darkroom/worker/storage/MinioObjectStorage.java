package io.darkroom.worker.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.UploadObjectArgs;
import io.minio.errors.ErrorResponseException;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link ObjectStorage} on an S3 server, through the MinIO client. */
@Singleton
class MinioObjectStorage implements ObjectStorage {
  private final MinioClient client;
  private final StorageConfiguration config;

  MinioObjectStorage(StorageConfiguration config) {
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

  @Override
  public String processedBucket() {
    return config.processedBucket();
  }

  @Override
  public OptionalLong size(String bucket, String key) {
    try {
      return OptionalLong.of(
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()).size());
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return OptionalLong.empty();
      }
      throw new StorageException("stat failed: " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw new StorageException("storage unreachable", e);
    }
  }

  @Override
  public long download(String bucket, String key, Path target, long maxBytes) {
    try (InputStream in =
            client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build());
        InputStream capped = new BoundedInputStream(in, maxBytes + 1)) {
      return Files.copy(capped, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (Exception e) {
      throw new StorageException("download failed", e);
    }
  }

  /** The first {@code limit} bytes of a stream. */
  private static final class BoundedInputStream extends FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
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
    public int read(byte[] buffer, int offset, int length) throws IOException {
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

  @Override
  public Optional<String> readText(String bucket, String key) {
    try (InputStream in =
        client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
      return Optional.of(new String(in.readNBytes(1024), StandardCharsets.UTF_8));
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw new StorageException("read failed: " + e.errorResponse().code(), e);
    } catch (Exception e) {
      throw new StorageException("storage unreachable", e);
    }
  }

  @Override
  public void remove(String bucket, String key) {
    try {
      client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    } catch (Exception e) {
      throw new StorageException("remove failed", e);
    }
  }

  @Override
  public void upload(String bucket, String key, Path file, String contentType) {
    try {
      client.uploadObject(
          UploadObjectArgs.builder()
              .bucket(bucket)
              .object(key)
              .filename(file.toString())
              .contentType(contentType)
              .build());
    } catch (Exception e) {
      throw new StorageException("upload failed", e);
    }
  }

  @Override
  public void put(String bucket, String key, byte[] data, String contentType) {
    try {
      client.putObject(
          PutObjectArgs.builder().bucket(bucket).object(key).stream(
                  new ByteArrayInputStream(data), (long) data.length, null)
              .contentType(contentType)
              .build());
    } catch (Exception e) {
      throw new StorageException("upload failed", e);
    }
  }
}
