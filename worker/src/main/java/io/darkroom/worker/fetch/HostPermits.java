package io.darkroom.worker.fetch;

import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perHost} holders per host at once. A host's counter exists only while someone
 * holds or waits for it, so the map stays as small as the hosts in flight.
 */
final class HostPermits {
  private final int perHost;
  private final Map<String, Integer> held = new HashMap<>();

  HostPermits(int perHost) {
    this.perHost = perHost;
  }

  /** Waits for a permit for {@code host}; the caller releases it in a finally block. */
  synchronized void acquire(String host) throws InterruptedException {
    while (held.getOrDefault(host, 0) >= perHost) {
      wait();
    }
    held.merge(host, 1, Integer::sum);
  }

  synchronized void release(String host) {
    held.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
    notifyAll();
  }

  synchronized int holders(String host) {
    return held.getOrDefault(host, 0);
  }
}
