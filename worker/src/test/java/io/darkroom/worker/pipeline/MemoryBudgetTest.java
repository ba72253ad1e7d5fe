package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void shouldMakeASecondDecodeWaitUntilTheFirstGivesItsMemoryBack() throws Exception {
    MemoryBudget budget = new MemoryBudget(100 * MIB);
    MemoryBudget.Lease first = budget.acquire(60 * MIB, 1, 1);

    CompletableFuture<MemoryBudget.Lease> second =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return budget.acquire(50 * MIB, 1, 1);
              } catch (ProcessingFailure e) {
                throw new IllegalStateException(e);
              }
            });
    await()
        .during(Duration.ofMillis(300))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !second.isDone());

    first.close();
    await().atMost(Duration.ofSeconds(5)).until(second::isDone);
    second.get().close();
  }

  @Test
  void shouldRefuseAtOnceWhatExceedsTheWholeBudget() {
    MemoryBudget budget = new MemoryBudget(100 * MIB);

    ProcessingFailure refused =
        assertThrows(ProcessingFailure.class, () -> budget.acquire(101 * MIB, 20_000, 20_000));
    assertThat(refused.getMessage()).contains("101 MiB").contains("100 MiB");
  }
}
