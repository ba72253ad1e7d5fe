package io.darkroom.worker.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Storage as the worker sees it: it reads originals wherever the command says, and writes
 * renditions to the processed bucket.
 *
 * @param connectTimeout how long a storage call waits to connect
 * @param ioTimeout how long a storage call waits for each read or write on the connection
 */
@Context
@ConfigurationProperties("darkroom.storage")
public record StorageConfiguration(
    @NotBlank String endpoint,
    @NotBlank String accessKey,
    @NotBlank String secretKey,
    @NotBlank String region,
    @NotBlank String processedBucket,
    @NotNull Duration connectTimeout,
    @NotNull Duration ioTimeout) {

  @Override
  public String toString() {
    return "StorageConfiguration[endpoint="
        + endpoint
        + ", accessKey="
        + accessKey
        + ", secretKey=***]";
  }
}
