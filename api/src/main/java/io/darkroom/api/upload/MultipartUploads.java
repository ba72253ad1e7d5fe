package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.image.AwaitedImage;
import io.darkroom.api.image.ImageLifecycle;
import io.darkroom.api.image.ImageResponse;
import io.darkroom.api.image.StartProcessing;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.api.storage.ObjectStorage.StoredPart;
import io.darkroom.api.text.Filenames;
import io.darkroom.api.text.TextLimits;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.SourceFormat;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resumable uploads straight to storage: S3 multipart uploads whose parts the client PUTs to URLs
 * presigned one at a time, on demand. The api never sees a byte: it creates the upload (for a key
 * it chooses), signs, lists, and on completion assembles the parts and makes the same checks as the
 * process action before the image is sent for processing. Every call names an upload id and a key
 * that must be the caller's, else 404.
 */
@Singleton
class MultipartUploads {
  private static final Logger LOG = LoggerFactory.getLogger(MultipartUploads.class);

  private final MultipartUploadRepository uploads;
  private final ObjectStorage storage;
  private final ImageLifecycle images;
  private final UploadService single;
  private final MultipartLimits limits;
  private final TransactionOperations<Connection> transactions;

  MultipartUploads(
      MultipartUploadRepository uploads,
      ObjectStorage storage,
      ImageLifecycle images,
      UploadService single,
      MultipartLimits limits,
      TransactionOperations<Connection> transactions) {
    this.uploads = uploads;
    this.storage = storage;
    this.images = images;
    this.single = single;
    this.limits = limits;
    this.transactions = transactions;
  }

  /** A small file: the presigned POST form of the upload-form action, in Uppy's shape. */
  MultipartDtos.Params params(
      String ownerId, String filename, String type, @Nullable Long declaredSize) {
    UploadRequests.UploadFormResponse form =
        single.uploadForm(
            ownerId, new UploadRequests.UploadFormRequest(filename, type, declaredSize));
    long expires = Math.max(0, form.expiresAt().getEpochSecond() - Instant.now().getEpochSecond());
    return new MultipartDtos.Params(
        "POST", form.url(), form.fields(), Map.of(), expires, form.uuid());
  }

  /**
   * Creates the image ({@code awaiting_upload}) and a multipart upload of its upload key. A
   * declared size over the limit is refused before anything is made.
   */
  MultipartDtos.Created create(String ownerId, MultipartDtos.CreateRequest request) {
    SourceFormat format = format(request.type());
    Long declared = declaredSize(request.metadata());
    if (declared != null && declared > limits.maxBytes()) {
      throw tooLarge(declared);
    }
    UUID id = UUID.randomUUID();
    String key = ObjectKeys.upload(ownerId, id);
    String bucket = storage.uploadsBucket();
    String uploadId = storage.createMultipartUpload(bucket, key, format.mediaType());
    String filename = Filenames.clean(request.filename());
    String description = declaredDescription(request.metadata());
    try {
      transactions.executeWrite(
          status -> {
            images.registerAwaitingUpload(
                new AwaitedImage(
                    id, ownerId, key, ObjectKeys.original(ownerId, id), filename, format));
            return uploads.save(
                new MultipartUploadEntity(
                    uploadId, id, ownerId, key, filename, description, Instant.now()));
          });
    } catch (RuntimeException e) {
      abortQuietly(key, uploadId);
      throw e;
    }
    LOG.info("Image {}: multipart upload started", id);
    return new MultipartDtos.Created(key, uploadId, bucket, id);
  }

  /** Every part storage holds so far, for a client that resumes. */
  List<MultipartDtos.UploadedPart> parts(String ownerId, String uploadId, String key) {
    MultipartUploadEntity upload = find(ownerId, uploadId, key);
    return stored(upload).stream()
        .map(p -> new MultipartDtos.UploadedPart(p.number(), p.size(), p.etag()))
        .toList();
  }

  /** One part's URL, signed now for {@code partUrlExpiry}. */
  MultipartDtos.SignedPart signPart(String ownerId, String uploadId, String key, int partNumber) {
    MultipartUploadEntity upload = find(ownerId, uploadId, key);
    checkPartNumber("partNumber", partNumber);
    return new MultipartDtos.SignedPart(
        sign(upload, partNumber), limits.partUrlExpiry().toSeconds());
  }

  /** Several parts' URLs at once ({@code partNumbers=1,2,3}). */
  MultipartDtos.SignedParts signParts(
      String ownerId, String uploadId, String key, String partNumbers) {
    MultipartUploadEntity upload = find(ownerId, uploadId, key);
    String[] numbers = partNumbers.split(",");
    if (numbers.length > 100) {
      throw ApiException.invalid("partNumbers", "must name 1 to 100 parts");
    }
    Map<String, String> urls = new LinkedHashMap<>();
    for (String raw : numbers) {
      int number;
      try {
        number = Integer.parseInt(raw.strip());
      } catch (NumberFormatException e) {
        throw ApiException.invalid("partNumbers", "must be part numbers separated by commas");
      }
      checkPartNumber("partNumbers", number);
      urls.put(String.valueOf(number), sign(upload, number));
    }
    return new MultipartDtos.SignedParts(urls);
  }

  /**
   * The single registration point: the parts are checked (each the client names was stored with
   * that ETag, every part but the last at least 5 MiB, the total within the limit), assembled, then
   * the file is checked as the process action checks it and sent for processing with its command,
   * in one transaction. A file over the limit, or not an image, is removed with its image.
   */
  MultipartDtos.Completed complete(
      String ownerId, String uploadId, String key, MultipartDtos.CompleteRequest request) {
    MultipartUploadEntity upload = find(ownerId, uploadId, key);
    String bucket = storage.uploadsBucket();
    List<StoredPart> held =
        storage.listParts(bucket, upload.objectKey(), upload.uploadId()).orElse(List.of());
    int partCount = request.parts().size();
    if (held.isEmpty() && storage.stat(bucket, upload.objectKey()).isPresent()) {
      // storage assembled the parts already: a completion cut short after that (the api
      // stopped, the database was away) is finished from the assembled file
      LOG.info("Image {}: parts already assembled, completing", upload.imageId());
    } else {
      List<StoredPart> assembled = checkedParts(held, request.parts());
      long total = assembled.stream().mapToLong(StoredPart::size).sum();
      if (total > limits.maxBytes()) {
        discard(upload);
        throw tooLarge(total);
      }
      storage.completeMultipartUpload(bucket, upload.objectKey(), upload.uploadId(), assembled);
      partCount = assembled.size();
    }
    ImageResponse image;
    try {
      image =
          images.startProcessing(
              ownerId,
              upload.imageId(),
              new StartProcessing(upload.filename(), upload.description(), null),
              target -> single.takeUpload(target, limits.maxBytes()));
    } catch (ApiException refused) {
      if (refused.type() != ProblemType.CONFLICT) {
        uploads.deleteById(upload.uploadId());
        images.discardAwaitingUpload(upload.imageId());
      }
      throw refused;
    }
    uploads.deleteById(upload.uploadId());
    LOG.info(
        "Image {}: multipart upload of {} parts, {} bytes, completed",
        image.uuid(),
        partCount,
        image.bytes());
    String self = "/api/v1/images/" + image.uuid();
    return new MultipartDtos.Completed(
        self, upload.objectKey(), bucket, image.uuid(), Map.of("self", self));
  }

  /** Aborts the upload: its parts, its row and its image are removed. */
  void abort(String ownerId, String uploadId, String key) {
    discard(find(ownerId, uploadId, key));
  }

  /**
   * Aborts uploads not completed within {@code abandonAfter}; storage keeps incomplete uploads on
   * its own for days (MinIO: 24 h) and has no rule to abort them sooner.
   */
  int abortAbandoned(int batch) {
    int aborted = 0;
    for (MultipartUploadEntity upload :
        uploads.findCreatedBefore(Instant.now().minus(limits.abandonAfter()), batch)) {
      discard(upload);
      aborted++;
      LOG.info(
          "Image {}: multipart upload abandoned for {}, aborted",
          upload.imageId(),
          limits.abandonAfter());
    }
    return aborted;
  }

  private void discard(MultipartUploadEntity upload) {
    storage.abortMultipartUpload(storage.uploadsBucket(), upload.objectKey(), upload.uploadId());
    uploads.deleteById(upload.uploadId());
    images.discardAwaitingUpload(upload.imageId());
  }

  /** The parts the client names, each as storage holds it, checked. */
  private static List<StoredPart> checkedParts(
      List<StoredPart> inStorage, List<MultipartDtos.CompletedPart> named) {
    Map<Integer, StoredPart> stored = new LinkedHashMap<>();
    for (StoredPart part : inStorage) {
      stored.put(part.number(), part);
    }
    List<StoredPart> parts = new ArrayList<>();
    int previous = 0;
    for (int i = 0; i < named.size(); i++) {
      MultipartDtos.CompletedPart part = named.get(i);
      String field = "parts[" + i + "]";
      if (part.partNumber() <= previous) {
        throw ApiException.invalid(field + ".PartNumber", "must be ascending, without repeats");
      }
      previous = part.partNumber();
      StoredPart held = stored.get(part.partNumber());
      if (held == null) {
        throw ApiException.invalid(field + ".PartNumber", "no such part was uploaded");
      }
      if (!unquoted(held.etag()).equals(unquoted(part.etag()))) {
        throw ApiException.invalid(field + ".ETag", "is not the ETag of the uploaded part");
      }
      boolean last = i == named.size() - 1;
      if (!last && held.size() < MultipartLimits.MIN_PART_BYTES) {
        throw ApiException.invalid(
            field, "has " + held.size() + " bytes; every part but the last needs 5 MiB");
      }
      if (held.size() > MultipartLimits.MAX_PART_BYTES) {
        throw ApiException.invalid(field, "is larger than 5 GiB");
      }
      parts.add(held);
    }
    return parts;
  }

  private List<StoredPart> stored(MultipartUploadEntity upload) {
    return storage
        .listParts(storage.uploadsBucket(), upload.objectKey(), upload.uploadId())
        .orElseThrow(() -> ApiException.notFound("No multipart upload " + upload.uploadId() + "."));
  }

  private String sign(MultipartUploadEntity upload, int partNumber) {
    return storage.presignedPart(
        storage.uploadsBucket(),
        upload.objectKey(),
        upload.uploadId(),
        partNumber,
        limits.partUrlExpiry());
  }

  /** The caller's upload with this id and key; 404 for anyone else's, or another key. */
  private MultipartUploadEntity find(String ownerId, String uploadId, String key) {
    return uploads
        .findByUploadIdAndOwnerId(uploadId, ownerId)
        .filter(upload -> upload.objectKey().equals(key))
        .orElseThrow(() -> ApiException.notFound("No multipart upload " + uploadId + "."));
  }

  private void abortQuietly(String key, String uploadId) {
    try {
      storage.abortMultipartUpload(storage.uploadsBucket(), key, uploadId);
    } catch (RuntimeException e) {
      LOG.warn("Multipart upload {} not aborted: {}", uploadId, e.toString());
    }
  }

  private static void checkPartNumber(String field, int number) {
    if (number < 1 || number > MultipartLimits.MAX_PARTS) {
      throw ApiException.invalid(field, "must be 1 to " + MultipartLimits.MAX_PARTS);
    }
  }

  private static SourceFormat format(String type) {
    return SourceFormat.byMediaType(type == null ? "" : type.strip().toLowerCase(Locale.ROOT))
        .orElseThrow(
            () ->
                new ApiException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    type + " is not a supported image type (" + SourceFormat.mediaTypes() + ")."));
  }

  private static @Nullable String declaredDescription(@Nullable Map<String, Object> metadata) {
    Object description = metadata == null ? null : metadata.get("description");
    return description == null
        ? null
        : TextLimits.description("metadata.description", String.valueOf(description));
  }

  private static @Nullable Long declaredSize(@Nullable Map<String, Object> metadata) {
    Object size = metadata == null ? null : metadata.get("size");
    if (size == null) {
      return null;
    }
    try {
      return Long.parseLong(String.valueOf(size).strip());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("metadata.size", "must be a number of bytes");
    }
  }

  private ApiException tooLarge(long bytes) {
    return new ApiException(
        ProblemType.PAYLOAD_TOO_LARGE,
        "The file has "
            + bytes
            + " bytes; a multipart upload takes at most "
            + limits.maxBytes()
            + " bytes.");
  }

  private static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "").strip();
  }
}
