package io.darkroom.api.upload;

import io.darkroom.api.error.ApiException;
import io.darkroom.api.error.ProblemType;
import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageHeaders;
import jakarta.inject.Singleton;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Checks a stored original from its header alone, with the same rules the worker applies again
 * before decoding ({@link ImageHeaders}): every upload path calls it before anything is queued, so
 * what the worker would refuse is refused here with a 4xx instead. Nothing is decoded, and only as
 * much of the object is read as the header takes (a few KB for most files).
 */
@Singleton
class HeaderInspector {
  private final ObjectStorage storage;
  private final UploadLimits limits;

  HeaderInspector(ObjectStorage storage, UploadLimits limits) {
    this.storage = storage;
    this.limits = limits;
  }

  ImageHeaders.Header inspect(String bucket, String key, long length) {
    try (InputStream raw = storage.open(bucket, key)) {
      BufferedInputStream in = new BufferedInputStream(raw, 16 * 1024);
      in.mark(ImageHeaders.HEAD_BYTES);
      byte[] head = in.readNBytes(ImageHeaders.HEAD_BYTES);
      in.reset();
      try (ImageInputStream input = new MemoryCacheImageInputStream(in)) {
        return ImageHeaders.inspect(
            head,
            input,
            length,
            new ImageHeaders.Limits(limits.maxPixels(), limits.maxDimension()));
      }
    } catch (ImageHeaders.Refused refused) {
      throw problem(refused);
    } catch (IOException e) {
      throw new ApiException(
          ProblemType.UNSUPPORTED_MEDIA_TYPE,
          "The uploaded file's image header could not be read.");
    }
  }

  /** 413 for what is too big to process, 415 for what is not an image we accept. */
  private static ApiException problem(ImageHeaders.Refused refused) {
    FailureCode code = refused.code();
    ProblemType type =
        code == FailureCode.TOO_MANY_PIXELS || code == FailureCode.DIMENSIONS_TOO_LARGE
            ? ProblemType.PAYLOAD_TOO_LARGE
            : ProblemType.UNSUPPORTED_MEDIA_TYPE;
    return new ApiException(type, refused.getMessage());
  }
}
