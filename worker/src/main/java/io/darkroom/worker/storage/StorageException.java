package io.darkroom.worker.storage;

/**
 * Storage could not be reached or failed a request: storage is unavailable, which is transient. The
 * command is retried with backoff, and only when every retry met it is the image failed as {@code
 * storage_unavailable} (retryable). Never a statement about the image itself.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
