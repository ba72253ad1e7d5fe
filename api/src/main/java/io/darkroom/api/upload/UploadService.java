package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.image.AwaitedImage;
import io.darkroom.api.image.CheckedOriginal;
import io.darkroom.api.image.ImageLifecycle;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.image.NewImage;
import io.darkroom.api.image.StartProcessing;
import io.darkroom.api.rendition.RenditionRequests;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.api.storage.PresignedPost;
import io.darkroom.api.text.Filenames;
import io.darkroom.api.text.TextLimits;
import io.darkroom.schema.ImageHeaders;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SourceFormat;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload paths: each stores the original first, then records the image with its processing
 * command.
 */
@Singleton
class UploadService {
  private static final Logger LOG = LoggerFactory.getLogger(UploadService.class);

  private final OriginalUploader uploader;
  private final ImageLifecycle images;
  private final ObjectStorage storage;
  private final UploadLimits limits;
  private final HeaderInspector inspector;
  private final RenditionRequests renditionRequests;

  UploadService(
      OriginalUploader uploader,
      ImageLifecycle images,
      ObjectStorage storage,
      UploadLimits limits,
      HeaderInspector inspector,
      RenditionRequests renditionRequests) {
    this.renditionRequests = renditionRequests;
    this.uploader = uploader;
    this.images = images;
    this.storage = storage;
    this.limits = limits;
    this.inspector = inspector;
  }

  /**
   * The multipart path: streams the file to storage and records it as {@code pending}. The optional
   * fields may follow the file in the form, so they are read (and checked) once it is stored; if
   * they or recording fail, the stored object is removed: nothing is left that no row points at.
   */
  ImageResponse uploadMultipart(
      String ownerId,
      String filename,
      InputStream content,
      Supplier<String> description,
      Supplier<String> renditionsJson) {
    String name = TextLimits.check("file", filename, TextLimits.FILENAME);
    return uploadDirect(
        ownerId,
        name,
        content,
        description,
        () ->
            renditionRequests.parse(
                TextLimits.check("renditions", renditionsJson.get(), TextLimits.RENDITIONS_JSON)),
        stored -> {});
  }

  /**
   * As above, with a check of what was stored ({@code verify}) that may still refuse it; fields
   * that may follow the file in a multipart form are asked for only after it has been streamed.
   */
  private ImageResponse uploadDirect(
      String ownerId,
      String filename,
      InputStream content,
      Supplier<String> description,
      Supplier<List<RenditionSpec>> renditions,
      Consumer<OriginalUploader.Stored> verify) {
    UUID id = UUID.randomUUID();
    String key = ObjectKeys.original(ownerId, id);
    OriginalUploader.Stored stored = uploader.store(key, content, limits.directMaxBytes());
    try {
      verify.accept(stored);
      // the same header checks as the presigned path, before anything is queued
      inspector.inspect(storage.uploadsBucket(), key, stored.bytes());
      return images.registerUploaded(
          new NewImage(
              id,
              ownerId,
              key,
              Filenames.clean(filename),
              TextLimits.description("description", description.get()),
              stored.format(),
              stored.bytes(),
              stored.sha256(),
              renditions.get()));
    } catch (RuntimeException e) {
      removeQuietly(id, key);
      throw e;
    }
  }

  private void removeQuietly(UUID id, String key) {
    try {
      storage.remove(storage.uploadsBucket(), key);
    } catch (RuntimeException cleanup) {
      LOG.warn(
          "Image {}: could not remove the original it refused or could not record", id, cleanup);
    }
  }

  /**
   * A presigned PUT for a new image's upload key, signed for exactly {@code size} bytes of the
   * extension's type; the image waits in awaiting_upload.
   */
  UploadRequests.UploadUrlResponse uploadUrl(
      String ownerId, String extension, @Nullable Long size, @Nullable String contentType) {
    SourceFormat format =
        Extensions.format(extension)
            .orElseThrow(
                () -> ApiException.invalid("extension", "must be one of " + Extensions.SUPPORTED));
    if (contentType != null && !contentType.equalsIgnoreCase(format.mediaType())) {
      throw ApiException.invalid(
          "contentType", "must be " + format.mediaType() + " for extension " + extension);
    }
    if (size == null || size < 1) {
      throw ApiException.invalid(
          "size", "is required: the file's size in bytes, which the URL is signed for");
    }
    checkDeclaredSize(size);
    UUID id = UUID.randomUUID();
    String uploadKey = ObjectKeys.upload(ownerId, id);
    String url =
        storage.presignedPut(
            storage.uploadsBucket(), uploadKey, format.mediaType(), size, limits.presignExpiry());
    Instant expiresAt = Instant.now().plus(limits.presignExpiry());
    images.registerAwaitingUpload(
        new AwaitedImage(
            id,
            ownerId,
            uploadKey,
            ObjectKeys.original(ownerId, id),
            "upload." + format.name().toLowerCase(Locale.ROOT),
            format));
    return new UploadRequests.UploadUrlResponse(
        id,
        url,
        "PUT",
        Map.of("Content-Type", format.mediaType(), "Content-Length", Long.toString(size)),
        expiresAt);
  }

  private void checkDeclaredSize(long size) {
    if (size > limits.presignedMaxBytes()) {
      throw new ApiException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "A file of "
              + size
              + " bytes is over the limit of "
              + limits.presignedMaxBytes()
              + " bytes.");
    }
  }

  /** A presigned POST form whose policy the storage enforces (key, content type, size range). */
  UploadRequests.UploadFormResponse uploadForm(
      String ownerId, UploadRequests.UploadFormRequest request) {
    SourceFormat format =
        SourceFormat.byMediaType(request.contentType())
            .orElseThrow(
                () ->
                    new ApiException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        request.contentType()
                            + " is not a supported image type ("
                            + SourceFormat.mediaTypes()
                            + ")."));
    if (request.size() != null) {
      checkDeclaredSize(request.size()); // the policy caps what storage takes either way
    }
    UUID id = UUID.randomUUID();
    String uploadKey = ObjectKeys.upload(ownerId, id);
    PresignedPost post =
        storage.presignedPost(
            storage.uploadsBucket(),
            uploadKey,
            format.mediaType(),
            limits.presignedMaxBytes(),
            limits.presignExpiry());
    Instant expiresAt = Instant.now().plus(limits.presignExpiry());
    images.registerAwaitingUpload(
        new AwaitedImage(
            id,
            ownerId,
            uploadKey,
            ObjectKeys.original(ownerId, id),
            Filenames.clean(request.filename()),
            format));
    return new UploadRequests.UploadFormResponse(id, post.url(), post.fields(), expiresAt);
  }

  /**
   * Takes what the client stored out of its reach, checks it (there, within the limit, an image by
   * its bytes, not too many pixels) and sends it for processing, once. The upload is copied inside
   * storage to the image's original key, which no client URL can write, and every check reads that
   * copy, as the worker and downloads will: whatever a client PUTs with a still valid URL, during
   * the checks or after, changes nothing that is checked or processed.
   */
  ImageResponse process(String ownerId, UploadRequests.ProcessRequest request) {
    // everything the request says is checked before storage is touched
    StartProcessing start =
        new StartProcessing(
            Filenames.clean(request.filename()),
            TextLimits.description("description", request.description()),
            renditionRequests.toSpecs(request.renditions()));
    return images.startProcessing(ownerId, request.uuid(), start, this::takeUpload);
  }

  /** The client's upload, copied to the image's original and checked there. */
  private CheckedOriginal takeUpload(ImageLifecycle.AwaitingUpload target) {
    return takeUpload(target, limits.presignedMaxBytes());
  }

  /**
   * The client's upload (a presigned PUT or POST, or an assembled multipart upload), copied to the
   * image's original and checked there: at most {@code maxBytes}, an image by its bytes, within the
   * pixel limits. What is refused is removed from storage.
   */
  CheckedOriginal takeUpload(ImageLifecycle.AwaitingUpload target, long maxBytes) {
    UUID id = target.id();
    String bucket = storage.uploadsBucket();
    try {
      long uploaded = storedSize(bucket, target.uploadKey(), id);
      // refused before any copy is made of it
      checkUploadedSize(uploaded, maxBytes);
      long size = uploaded;
      if (!target.uploadKey().equals(target.originalKey())) {
        if (!storage.copy(bucket, target.uploadKey(), target.originalKey())) {
          throw nothingUploaded(id);
        }
        removeQuietly(id, target.uploadKey());
        size = storedSize(bucket, target.originalKey(), id);
        checkUploadedSize(size, maxBytes);
      }
      ImageHeaders.Header header = inspector.inspect(bucket, target.originalKey(), size);
      return new CheckedOriginal(header.format(), size, header.width(), header.height());
    } catch (ApiException refused) {
      if (refused.type() != ProblemType.NOT_FOUND) {
        // What is refused does not stay in storage for a day; the image waits for another upload.
        removeQuietly(id, target.originalKey());
        removeQuietly(id, target.uploadKey());
      }
      throw refused;
    }
  }

  private long storedSize(String bucket, String key, UUID id) {
    return storage.stat(bucket, key).orElseThrow(() -> nothingUploaded(id)).size();
  }

  private static ApiException nothingUploaded(UUID id) {
    return ApiException.notFound("Nothing has been uploaded for image " + id + " yet.");
  }

  private static void checkUploadedSize(long size, long maxBytes) {
    if (size > maxBytes) {
      throw new ApiException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "The uploaded file has " + size + " bytes; the limit is " + maxBytes + " bytes.");
    }
    if (size == 0) {
      throw ApiException.badRequest("The uploaded file is empty.");
    }
  }

  /**
   * The JSON path. The body is in memory already (bounded by the request limit and by {@link
   * UploadSlots}); its text is decoded as a stream while it is stored, never copied whole again,
   * and the checksum is compared once the bytes are stored, before anything is recorded: a mismatch
   * removes them.
   */
  ImageResponse uploadBase64(String ownerId, UploadRequests.Base64Upload request) {
    if (request.md5() == null && request.sha256() == null) {
      throw ApiException.invalid("md5", "an md5 or a sha256 of the content is required");
    }
    Base64Content content = new Base64Content(request.content());
    if (!content.isBase64()) {
      throw ApiException.invalid("content", "is not valid base64");
    }
    if (content.decodedLengthAtLeast() > limits.directMaxBytes()) {
      throw new ApiException(
          ProblemType.PAYLOAD_TOO_LARGE,
          "The file is larger than the limit of "
              + limits.directMaxBytes()
              + " bytes for this upload path.");
    }
    List<RenditionSpec> renditions = renditionRequests.toSpecs(request.renditions());
    MessageDigest md5 = digest("MD5");
    try {
      return uploadDirect(
          ownerId,
          request.filename(),
          new DigestInputStream(content.decoded(), md5),
          request::description,
          () -> renditions,
          stored -> {
            verify("md5", request.md5(), HexFormat.of().formatHex(md5.digest()));
            verify("sha256", request.sha256(), stored.sha256());
          });
    } catch (RuntimeException e) {
      if (content.wasMalformed()) {
        throw ApiException.invalid("content", "is not valid base64");
      }
      throw e;
    }
  }

  private static void verify(String field, @Nullable String expected, String actual) {
    if (expected != null && !actual.equalsIgnoreCase(expected.strip())) {
      throw new ApiException(
          ProblemType.CHECKSUM_MISMATCH,
          "The content's " + field + " is " + actual + ", not " + expected.strip() + ".");
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
