package io.darkroom.worker.pipeline;

import io.darkroom.schema.FailureCode;
import java.util.concurrent.Semaphore;

/**
 * The share of the heap that decodes may hold at once, in MiB. Every decode takes what it will need
 * (see {@link DecodeCost}) before it starts and gives it back when its renditions are made, so
 * concurrent consumer threads wait for each other rather than exhaust the heap together; what could
 * never fit, even alone, is refused as a permanent failure.
 */
final class MemoryBudget {
  /** The coarsest subsampled decode tried before an image is refused for memory. */
  static final int COARSEST_SUBSAMPLING = 8;

  private static final long MIB = 1024 * 1024;

  private final int totalMib;
  private final Semaphore available;

  MemoryBudget(long totalBytes) {
    this.totalMib = (int) Math.max(1, totalBytes / MIB);
    this.available = new Semaphore(totalMib, true);
  }

  long totalBytes() {
    return totalMib * MIB;
  }

  /** Blocks until {@code bytes} are free; the lease gives them back. */
  Lease acquire(long bytes, int width, int height) throws ProcessingFailure {
    int mib = (int) Math.min(Integer.MAX_VALUE, (bytes + MIB - 1) / MIB);
    if (mib > totalMib) {
      throw new ProcessingFailure(
          FailureCode.MEMORY_BUDGET_EXCEEDED,
          "Processing this "
              + width
              + "x"
              + height
              + " image would need about "
              + mib
              + " MiB; a worker gives one image at most "
              + totalMib
              + " MiB.");
    }
    try {
      available.acquire(mib);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for decode memory", e);
    }
    return new Lease(mib);
  }

  /** MiB taken from the budget until closed. */
  final class Lease implements AutoCloseable {
    private final int mib;

    private Lease(int mib) {
      this.mib = mib;
    }

    @Override
    public void close() {
      available.release(mib);
    }
  }
}
