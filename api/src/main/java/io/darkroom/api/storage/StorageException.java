package io.darkroom.api.storage;

/**
 * Storage could not be reached or refused a request; callers answer 503 and keep nothing half-done.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
