package io.darkroom.worker.fetch;

import io.darkroom.egress.EgressGuard;
import io.darkroom.egress.EgressPolicy;
import io.darkroom.egress.EgressRefused;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.SourceFormat;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.pipeline.ProcessingFailure;
import io.darkroom.worker.storage.ObjectStorage;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an imported image's original into storage. The URL is fetched through the egress guard
 * into a local file, the cap counted while it streams; its type is read from its magic bytes (never
 * from Content-Type); then it is stored under the command's original key, where the api's downloads
 * and any later delivery find it. A delivery that finds the original already stored fetches
 * nothing.
 */
@Singleton
public class RemoteOriginals {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteOriginals.class);

  /** The fetched original as a local file, also stored; the caller deletes the file. */
  public record Fetched(Path file, SourceFormat format, long bytes, long fetchMs) {}

  private final ObjectStorage storage;
  private final EgressGuard guard;
  private final Semaphore fetches;
  private final HostPermits hosts;
  private final long maxBytes;

  @Inject
  public RemoteOriginals(ObjectStorage storage, FetchConfiguration config, PipelineLimits limits) {
    this(storage, config, new EgressGuard(policy(config, cap(config, limits))), limits);
  }

  /** With a guard of the caller's (tests give one with their own resolver). */
  public RemoteOriginals(
      ObjectStorage storage, FetchConfiguration config, EgressGuard guard, PipelineLimits limits) {
    this.storage = storage;
    this.guard = guard;
    this.fetches = new Semaphore(config.maxConcurrent(), true);
    this.hosts = new HostPermits(config.maxPerHost());
    this.maxBytes = cap(config, limits);
  }

  /** What one URL may answer: the fetch limit, within what a worker processes at all. */
  static long cap(FetchConfiguration config, PipelineLimits limits) {
    return Math.min(config.maxBytes(), limits.maxSourceBytes());
  }

  static EgressPolicy policy(FetchConfiguration config, long maxBytes) {
    return new EgressPolicy(
        config.allowedRanges(),
        config.connectTimeout(),
        config.readTimeout(),
        config.callTimeout(),
        maxBytes,
        config.maxRedirects(),
        EgressPolicy.FETCH_USER_AGENT);
  }

  /**
   * Fetches the command's remote original unless it is already stored: empty for a command without
   * a URL, or when an earlier delivery stored it (the caller reads it from storage then).
   *
   * @throws ProcessingFailure with a {@code source_*} code: what the URL answered, or why it was
   *     not asked
   */
  public Optional<Fetched> fetchIfNeeded(ProcessImageCommand command) throws ProcessingFailure {
    ProcessImageCommand.RemoteSource remote = command.remote();
    if (remote == null) {
      return Optional.empty();
    }
    ProcessImageCommand.SourceObject target = command.source();
    if (storage.size(target.bucket(), target.key()).isPresent()) {
      LOG.info("Image {}: its original was fetched by an earlier delivery", command.imageId());
      return Optional.empty();
    }
    Path file = tempFile(command);
    boolean kept = false;
    try {
      long started = System.nanoTime();
      long bytes = politely(remote.url(), file);
      SourceFormat format = sniff(file, bytes);
      storage.upload(target.bucket(), target.key(), file, format.mediaType());
      long fetchMs = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          "Image {}: fetched {} bytes ({}) in {} ms",
          command.imageId(),
          bytes,
          format.wireName(),
          fetchMs);
      kept = true;
      return Optional.of(new Fetched(file, format, bytes, fetchMs));
    } finally {
      if (!kept) {
        delete(file);
      }
    }
  }

  /**
   * Fetches within the host's and the worker's share of concurrent fetches; the host's first, so a
   * fetch waiting for a busy host holds none of the worker's permits.
   */
  private long politely(String url, Path file) throws ProcessingFailure {
    String host = hostOf(url);
    try {
      hosts.acquire(host);
      try {
        fetches.acquire();
        try {
          return download(url, file);
        } finally {
          fetches.release();
        }
      } finally {
        hosts.release(host);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProcessingFailure.retryable(
          FailureCode.SOURCE_TIMEOUT, "The worker stopped while waiting to fetch the URL.", e);
    }
  }

  private long download(String url, Path file) throws ProcessingFailure {
    OutputStream out;
    try {
      out = Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary space for the fetched original", e);
    }
    EgressGuard.Download answer;
    try (out) {
      answer = guard.download(url, out);
    } catch (EgressRefused refused) {
      throw refusal(refused);
    } catch (InterruptedIOException timeout) {
      throw ProcessingFailure.retryable(
          FailureCode.SOURCE_TIMEOUT,
          "The URL did not answer in time: " + timeout.getMessage(),
          null);
    } catch (IOException failed) {
      throw ProcessingFailure.retryable(
          FailureCode.SOURCE_HTTP_5XX,
          "The connection to the URL's host failed: " + failed.getMessage(),
          null);
    }
    int status = answer.status();
    if (status >= 500) {
      throw ProcessingFailure.retryable(
          FailureCode.SOURCE_HTTP_5XX, "The URL answered HTTP " + status + ".", null);
    }
    if (!answer.successful()) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_HTTP_4XX, "The URL answered HTTP " + status + ".");
    }
    return answer.bytes();
  }

  private ProcessingFailure refusal(EgressRefused refused) {
    String detail = refused.getMessage();
    return switch (refused.reason()) {
      case INVALID_URL ->
          new ProcessingFailure(
              FailureCode.SOURCE_INVALID_URL, "The URL cannot be fetched: " + detail + ".");
      case FORBIDDEN_ADDRESS ->
          new ProcessingFailure(
              FailureCode.SOURCE_FORBIDDEN_ADDRESS, "The URL is refused: " + detail + ".");
      case DNS_FAILED ->
          new ProcessingFailure(
              FailureCode.SOURCE_DNS_FAILED, "The URL cannot be fetched: " + detail + ".");
      case TOO_MANY_REDIRECTS ->
          new ProcessingFailure(
              FailureCode.SOURCE_TOO_MANY_REDIRECTS, "The URL cannot be fetched: " + detail + ".");
      case TOO_LARGE ->
          new ProcessingFailure(
              FailureCode.SOURCE_TOO_LARGE,
              "The URL answered more than "
                  + maxBytes
                  + " bytes; at most that many are processed.");
    };
  }

  private static SourceFormat sniff(Path file, long bytes) throws ProcessingFailure {
    byte[] head = new byte[SourceFormat.SNIFF_BYTES];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Optional<SourceFormat> format = bytes == 0 ? Optional.empty() : SourceFormat.sniff(head, read);
    if (format.isEmpty()) {
      throw new ProcessingFailure(
          FailureCode.SOURCE_NOT_IMAGE,
          "The URL answered "
              + bytes
              + " bytes that are not "
              + SourceFormat.mediaTypes()
              + " (judged by their first bytes).");
    }
    return format.get();
  }

  private static String hostOf(String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
    return parsed == null ? "" : parsed.host().toLowerCase(Locale.ROOT);
  }

  private static Path tempFile(ProcessImageCommand command) {
    try {
      return Files.createTempFile("darkroom-" + command.imageId(), ".fetched");
    } catch (IOException e) {
      throw new UncheckedIOException("no temporary space for the fetched original", e);
    }
  }

  /** Deletes a fetched file; a failure is only logged. */
  public static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("Could not delete {}", file);
    }
  }
}
