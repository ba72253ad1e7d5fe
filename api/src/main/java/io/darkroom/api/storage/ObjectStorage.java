package io.darkroom.api.storage;

import io.micronaut.core.annotation.Nullable;
import io.minio.AbortMultipartUploadArgs;
import io.minio.BucketExistsArgs;
import io.minio.CompleteMultipartUploadArgs;
import io.minio.CopyObjectArgs;
import io.minio.CreateMultipartUploadArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.Http;
import io.minio.ListObjectsArgs;
import io.minio.ListPartsArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.PostPolicy;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SourceObject;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.ListPartsResult;
import io.minio.messages.Part;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The api's only door to object storage. Keys come from {@link io.darkroom.schema.ObjectKeys}. */
@Singleton
public class ObjectStorage {
  private static final AwsV4HttpSigner PUT_SIGNER = AwsV4HttpSigner.create();

  /** MinIO's smallest multipart part: what one streaming upload holds in memory at most. */
  private static final long PART_SIZE = 5L * 1024 * 1024;

  private final MinioClient client;
  private final MinioAsyncClient multipart;
  private final MinioClient signer;
  private final StorageConfiguration config;

  ObjectStorage(
      @Named("internal") MinioClient client,
      @Named("internal") MinioAsyncClient multipart,
      @Named("public") MinioClient signer,
      StorageConfiguration config) {
    this.client = client;
    this.multipart = multipart;
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

  /** An object as a listing shows it. */
  public record Listed(String key, ZonedDateTime lastModified) {}

  /**
   * Every object under {@code prefix} (all of the bucket for ""), fetched page by page as the
   * caller iterates: a whole bucket is never held in memory.
   */
  public Stream<Listed> list(String bucket, String prefix) {
    Iterable<Result<Item>> items =
        client.listObjects(
            ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build());
    return StreamSupport.stream(items.spliterator(), false)
        .map(
            result ->
                call(
                    () -> {
                      Item item = result.get();
                      return new Listed(item.objectName(), item.lastModified());
                    }));
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
  /** How long a presigned download URL works. */
  public Duration downloadUrlExpiry() {
    return config.downloadUrlExpiry();
  }

  public String presignedGet(
      String bucket, String key, String contentType, @Nullable String downloadName) {
    Map<String, String> response = new LinkedHashMap<>();
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
   * A presigned PUT for exactly one key, one content type and one length: {@code Content-Type} and
   * {@code Content-Length} are signed headers (SigV4), so storage refuses a request whose body has
   * another length or that declares another type, and any other key or a changed URL fails the
   * signature. The MinIO client signs only {@code host} in a presigned URL, so this one is signed
   * by the AWS SDK's SigV4 signer, with the same credentials and for the same public endpoint.
   */
  public String presignedPut(
      String bucket, String key, String contentType, long bytes, Duration expiry) {
    SdkHttpRequest request =
        SdkHttpRequest.builder()
            .method(SdkHttpMethod.PUT)
            .uri(URI.create(config.effectivePublicEndpoint() + "/" + bucket + "/" + key))
            .putHeader("Content-Type", contentType)
            .putHeader("Content-Length", Long.toString(bytes))
            .build();
    SignedRequest signed =
        PUT_SIGNER.sign(
            r ->
                r.identity(AwsCredentialsIdentity.create(config.accessKey(), config.secretKey()))
                    .request(request)
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, config.region())
                    .putProperty(
                        AwsV4FamilyHttpSigner.AUTH_LOCATION,
                        AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                    .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, expiry)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                    .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false)
                    .putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false));
    return signed.request().getUri().toString();
  }

  /**
   * Copies an object inside storage; no bytes pass through the api.
   *
   * @return false if the source is gone
   */
  public boolean copy(String bucket, String from, String to) {
    try {
      client.copyObject(
          CopyObjectArgs.builder()
              .bucket(bucket)
              .object(to)
              .source(SourceObject.builder().bucket(bucket).object(from).build())
              .build());
      return true;
    } catch (ErrorResponseException e) {
      if ("NoSuchKey".equals(e.errorResponse().code())) {
        return false;
      }
      throw new StorageException("storage refused a copy", e);
    } catch (Exception e) {
      throw new StorageException("storage is unreachable", e);
    }
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

  /** One part of a multipart upload as storage holds it. */
  public record StoredPart(int number, long size, String etag) {}

  /** Starts a multipart upload of {@code key}; returns its upload id. */
  public String createMultipartUpload(String bucket, String key, String contentType) {
    return call(
        () ->
            multipart
                .createMultipartUpload(
                    CreateMultipartUploadArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .headers(new Http.Headers(Map.of("Content-Type", contentType)))
                        .build())
                .get()
                .result()
                .uploadId());
  }

  /**
   * A short-lived UploadPart URL for one part, signed for the public endpoint: the key, the upload
   * id and the part number are in the signature, so it writes that part of that upload only.
   */
  public String presignedPart(
      String bucket, String key, String uploadId, int partNumber, Duration expiry) {
    return call(
        () ->
            signer.getPresignedObjectUrl(
                GetPresignedObjectUrlArgs.builder()
                    .method(Http.Method.PUT)
                    .bucket(bucket)
                    .object(key)
                    .expiry((int) expiry.toSeconds(), TimeUnit.SECONDS)
                    .extraQueryParams(
                        Map.of("uploadId", uploadId, "partNumber", String.valueOf(partNumber)))
                    .build()));
  }

  /**
   * Every part storage holds of an upload, all pages, in part order; empty when storage knows no
   * such upload (completed, aborted, or never started).
   */
  public Optional<List<StoredPart>> listParts(String bucket, String key, String uploadId) {
    List<StoredPart> parts = new ArrayList<>();
    Integer marker = null;
    while (true) {
      ListPartsResult page;
      try {
        page =
            multipart
                .listParts(
                    ListPartsArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .uploadId(uploadId)
                        .partNumberMarker(marker)
                        .build())
                .get()
                .result();
      } catch (ExecutionException e) {
        if (isNoSuchUpload(e.getCause())) {
          return Optional.empty();
        }
        throw new StorageException("storage could not list the parts", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageException("interrupted", e);
      } catch (Exception e) {
        throw new StorageException("storage could not list the parts", e);
      }
      for (Part part : page.parts()) {
        parts.add(new StoredPart(part.partNumber(), part.partSize(), part.etag()));
      }
      if (!page.isTruncated() || page.nextPartNumberMarker() == null) {
        return Optional.of(parts);
      }
      marker = page.nextPartNumberMarker();
    }
  }

  /** Assembles the parts into the object. */
  public void completeMultipartUpload(
      String bucket, String key, String uploadId, List<StoredPart> parts) {
    call(
        () ->
            multipart
                .completeMultipartUpload(
                    CompleteMultipartUploadArgs.builder()
                        .bucket(bucket)
                        .object(key)
                        .uploadId(uploadId)
                        .parts(
                            parts.stream()
                                .map(p -> new Part(p.number(), p.etag()))
                                .toArray(Part[]::new))
                        .build())
                .get());
  }

  /** Forgets an upload and its parts; one storage no longer knows is already gone. */
  public void abortMultipartUpload(String bucket, String key, String uploadId) {
    try {
      multipart
          .abortMultipartUpload(
              AbortMultipartUploadArgs.builder()
                  .bucket(bucket)
                  .object(key)
                  .uploadId(uploadId)
                  .build())
          .get();
    } catch (ExecutionException e) {
      if (!isNoSuchUpload(e.getCause())) {
        throw new StorageException("storage could not abort the upload", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted", e);
    }
  }

  private static boolean isNoSuchUpload(Throwable cause) {
    return cause instanceof ErrorResponseException error
        && "NoSuchUpload".equals(error.errorResponse().code());
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
