package io.darkroom.api.storage;

import io.micronaut.context.annotation.Factory;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

@Factory
final class StorageFactory {
  /** Talks to storage from inside the deployment. */
  @Singleton
  @Named("internal")
  MinioClient internalClient(StorageConfiguration config) {
    return build(config.endpoint(), config);
  }

  /** Multipart uploads (create, list parts, complete, abort): public only on the async client. */
  @Singleton
  @Named("internal")
  MinioAsyncClient internalAsyncClient(StorageConfiguration config) {
    MinioAsyncClient client =
        MinioAsyncClient.builder()
            .endpoint(config.endpoint())
            .credentials(config.accessKey(), config.secretKey())
            .region(config.region())
            .build();
    long io = config.ioTimeout().toMillis();
    client.setTimeout(config.connectTimeout().toMillis(), io, io);
    return client;
  }

  /**
   * Signs URLs for clients. Signing is local (no request is made), and the signature covers the
   * host, so it must be made for the host the client will call.
   */
  @Singleton
  @Named("public")
  MinioClient publicClient(StorageConfiguration config) {
    return build(config.effectivePublicEndpoint(), config);
  }

  private static MinioClient build(String endpoint, StorageConfiguration config) {
    MinioClient client =
        MinioClient.builder()
            .endpoint(endpoint)
            .credentials(config.accessKey(), config.secretKey())
            // A fixed region skips the bucket-location lookup on every presign.
            .region(config.region())
            .build();
    long io = config.ioTimeout().toMillis();
    client.setTimeout(config.connectTimeout().toMillis(), io, io);
    return client;
  }
}
