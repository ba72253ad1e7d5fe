package io.darkroom.api.storage;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Where originals and renditions are stored.
 *
 * @param endpoint how the api reaches storage, e.g. {@code http://minio:9000}
 * @param publicEndpoint how clients reach storage, used in presigned URLs; defaults to {@code
 *     endpoint}. In compose the api talks to {@code minio:9000} while a browser on the host needs
 *     {@code localhost:9000}.
 * @param connectTimeout how long a storage call waits to connect
 * @param ioTimeout how long a storage call waits for each read or write on the connection (a
 *     stalled server fails the request instead of holding an upload thread for minutes)
 */
@Context
@ConfigurationProperties("darkroom.storage")
public record StorageConfiguration(
    @NotBlank String endpoint,
    @Nullable String publicEndpoint,
    @NotBlank String accessKey,
    @NotBlank String secretKey,
    @NotBlank String region,
    @NotBlank String uploadsBucket,
    @NotBlank String processedBucket,
    @NotNull Duration downloadUrlExpiry,
    @NotNull Duration connectTimeout,
    @NotNull Duration ioTimeout) {

  public String effectivePublicEndpoint() {
    return publicEndpoint == null || publicEndpoint.isBlank() ? endpoint : publicEndpoint;
  }

  @Override
  public String toString() {
    return "StorageConfiguration[endpoint="
        + endpoint
        + ", accessKey="
        + accessKey
        + ", secretKey=***]";
  }
}
