package io.darkroom.worker.storage;

/**
 * Storage could not be reached or failed a request: transient, the command is retried with backoff.
 */
public class StorageUnavailableException extends RuntimeException {
  public StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
