package io.darkroom.api.imports;

import io.micronaut.core.annotation.Introspected;

/** How an import's images stand: their sum is its distinct URLs. */
@Introspected
record ImportCounts(long succeeded, long failed, long pending) {
  long total() {
    return succeeded + failed + pending;
  }

  /** Finished images (succeeded or failed) in percent, rounded down; 100 when nothing is left. */
  int percentComplete() {
    long total = total();
    return total == 0 ? 100 : (int) ((succeeded + failed) * 100 / total);
  }
}
