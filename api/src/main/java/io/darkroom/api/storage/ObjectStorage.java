package io.darkroom.api.storage;

import io.micronaut.core.annotation.Nullable;
import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PostPolicy;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The api's only door to object storage. Keys come from {@link io.darkroom.schema.ObjectKeys}. */
@Singleton
public class ObjectStorage {
  /** MinIO's smallest multipart part: what one streaming upload holds in memory at most. */
  private static final long PART_SIZE = 5L * 1024 * 1024;

  private final MinioClient client;
  private final MinioClient signer;
  private final StorageConfiguration config;

  ObjectStorage(
      @Named("internal") MinioClient client,
      @Named("public") MinioClient signer,
      StorageConfiguration config) {
    this.client = client;
    this.signer = signer;
    this.config = config;
  }

  public String uploadsBucket() {
    return config.uploadsBucket();
  }

  public String processedBucket() {
    return config.processedBucket();
  }

  /** Streams {@code in} of unknown length into an object, holding at most one part in memory. */
  public void putStream(String bucket, String key, InputStream in, String contentType) {
    call(
        () ->
            client.putObject(
                PutObjectArgs.builder().bucket(bucket).object(key).stream(in, null, PART_SIZE)
                    .contentType(contentType)
                    .build()));
  }

  public Optional<StatObjectResponse> stat(String bucket, String key) {
    try {
      return Optional.of(
          client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build()));
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return Optional.empty();
      }
      throw new StorageException("storage refused a stat", e);
    } catch (Exception e) {
      throw new StorageException("storage is unreachable", e);
    }
  }

  public void remove(String bucket, String key) {
    call(
        () -> {
          client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
          return null;
        });
  }

  /** Removes every object under {@code prefix}; idempotent. */
  public void removePrefix(String bucket, String prefix) {
    Iterable<Result<Item>> items =
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
    for (Result<Item> result : items) {
      String key = call(() -> result.get().objectName());
      remove(bucket, key);
    }
  }

  /**
   * A short-lived GET for one object, signed for the public endpoint. The answer's Content-Type is
   * part of the signature ({@code response-content-type}), whatever the object was stored with, so
   * a client that stored HTML under an image's key cannot have it served as HTML; with a download
   * name, the answer is an attachment, never rendered inline.
   */
  public String presignedGet(
      String bucket, String key, String contentType, @Nullable String downloadName) {
    Map<String, String> response = new java.util.LinkedHashMap<>();
    response.put("response-content-type", contentType);
    if (downloadName != null) {
      response.put("response-content-disposition", "attachment; filename=\"" + downloadName + "\"");
    }
    return call(
        () ->
            signer.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.GET)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) config.downloadUrlExpiry().toSeconds(), TimeUnit.SECONDS)
                    .extraQueryParams(response)
                    .build()));
  }

  /**
   * A presigned PUT for exactly one key; anything else (another key, a changed URL) fails the
   * signature.
   */
  public String presignedPut(String bucket, String key, Duration expiry) {
    return call(
        () ->
            signer.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.PUT)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS)
                    .build()));
  }

  /**
   * A presigned POST whose policy storage enforces: this key only, this content type only, and at
   * most {@code maxBytes}.
   */
  public PresignedPost presignedPost(
      String bucket, String key, String contentType, long maxBytes, Duration expiry) {
    PostPolicy policy = new PostPolicy(bucket, ZonedDateTime.now(ZoneOffset.UTC).plus(expiry));
    policy.addEqualsCondition("key", key);
    policy.addEqualsCondition("Content-Type", contentType);
    policy.addContentLengthRangeCondition(1, maxBytes);
    Map<String, String> signed = call(() -> signer.getPresignedPostFormData(policy));
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("key", key);
    fields.put("Content-Type", contentType);
    fields.putAll(signed);
    return new PresignedPost(config.effectivePublicEndpoint() + "/" + bucket, fields);
  }

  /** Streams an object; the caller reads what it needs and closes it. */
  public InputStream open(String bucket, String key) {
    return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
  }

  /** True when both buckets answer; what the health check asks. */
  public boolean bucketsReachable() throws Exception {
    return client.bucketExists(BucketExistsArgs.builder().bucket(config.uploadsBucket()).build())
        && client.bucketExists(BucketExistsArgs.builder().bucket(config.processedBucket()).build());
  }

  @FunctionalInterface
  private interface StorageCall<T> {
    T call() throws Exception;
  }

  private static <T> T call(StorageCall<T> action) {
    try {
      return action.call();
    } catch (StorageException e) {
      throw e;
    } catch (Exception e) {
      throw new StorageException("storage request failed", e);
    }
  }
}
