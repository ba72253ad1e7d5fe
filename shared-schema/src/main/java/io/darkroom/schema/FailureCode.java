package io.darkroom.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Locale;

/** Why an image failed; stable codes that clients may branch on. */
@Serdeable
public enum FailureCode {
  /** The bytes are not an image of a supported format. */
  UNSUPPORTED_FORMAT,
  /** The header or the pixel data is damaged or truncated. */
  CORRUPT_IMAGE,
  /** Width times height exceeds the configured maximum (decompression-bomb guard). */
  TOO_MANY_PIXELS,
  /** Width or height exceeds the configured maximum. */
  DIMENSIONS_TOO_LARGE,
  /** The stored original, or what an import's URL answers, exceeds the byte limit. */
  SOURCE_TOO_LARGE,
  /** An import's URL is not an http or https URL with a host (or carries a user name). */
  SOURCE_INVALID_URL,
  /** An import's URL, or a redirect it gave, leads to an address the egress guard refuses. */
  SOURCE_FORBIDDEN_ADDRESS,
  /** An import's host name does not resolve. */
  SOURCE_DNS_FAILED,
  /** An import's URL did not answer within the fetch timeouts; asking again later can succeed. */
  SOURCE_TIMEOUT,
  /** An import's URL redirected more times than are followed. */
  SOURCE_TOO_MANY_REDIRECTS,
  /** What an import's URL answered is not an image of a supported format (by its magic bytes). */
  SOURCE_NOT_IMAGE,
  /** An import's URL answered 4xx; the same request would meet it again. */
  SOURCE_HTTP_4XX,
  /**
   * An import's URL answered 5xx, or the connection to it failed; asking again later can succeed.
   */
  SOURCE_HTTP_5XX,
  /** The original is no longer in storage. */
  SOURCE_MISSING,
  /** Processing took longer than the per-image budget. */
  TIME_BUDGET_EXCEEDED,
  /** Storage stayed unreachable through every retry; asking again later can succeed. */
  STORAGE_UNAVAILABLE,
  /**
   * Decoding it and making its renditions would need more memory than a worker gives one image,
   * even decoded coarsely.
   */
  MEMORY_BUDGET_EXCEEDED,
  /**
   * Processing it ended a worker (killed, or out of memory) more times than the configured number
   * of attempts; it is not tried again, so the images behind it go on.
   */
  POISON_IMAGE,
  /** A rendition spec asks for something the worker cannot make. */
  INVALID_RENDITION,
  /** Anything else; the worker logs the cause under the image id. */
  INTERNAL_ERROR,
  /**
   * Set by the api, not a worker: no outcome arrived within the processing timeout; asking again
   * later can succeed, and a late outcome still replaces it.
   */
  PROCESSING_TIMEOUT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static FailureCode fromWire(String value) {
    return valueOf(value.trim().toUpperCase(Locale.ROOT));
  }
}
