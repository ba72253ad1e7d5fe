package io.darkroom.api.storage;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/** Storage is UP when both buckets answer; health says which part is down and why. */
@Singleton
@Readiness
final class StorageHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {
  private final ObjectStorage storage;

  StorageHealthIndicator(ObjectStorage storage) {
    this.storage = storage;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    try {
      if (storage.bucketsReachable()) {
        healthStatus = HealthStatus.UP;
        return Map.of("buckets", List.of(storage.uploadsBucket(), storage.processedBucket()));
      }
      healthStatus = HealthStatus.DOWN;
      return Map.of(
          "error",
          "a bucket is missing: " + storage.uploadsBucket() + ", " + storage.processedBucket());
    } catch (Exception e) {
      healthStatus = HealthStatus.DOWN;
      return Map.of("error", "storage unreachable: " + e.getClass().getSimpleName());
    }
  }

  @Override
  protected String getName() {
    return "storage";
  }
}
