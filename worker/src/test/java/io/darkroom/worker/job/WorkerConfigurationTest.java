package io.darkroom.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad value stops start-up, naming the property (prefix and parameter), as the README promises.
 */
class WorkerConfigurationTest {
  @Test
  void shouldStopStartUpNamingThePropertyWhenMaxUnfinishedAttemptsIsBelowOne() {
    assertThatThrownBy(() -> startAndGet(0))
        .isInstanceOf(BeanInstantiationException.class)
        .hasMessageContaining("darkroom.worker")
        .hasMessageContaining("[maxUnfinishedAttempts]")
        .hasStackTraceContaining("maxUnfinishedAttempts - must be greater than or equal to 1");
  }

  @Test
  void shouldBindTheConfiguredMaximum() {
    assertThat(startAndGet(5).maxUnfinishedAttempts()).isEqualTo(5);
  }

  private static WorkerConfiguration startAndGet(int maxUnfinishedAttempts) {
    try (ApplicationContext context =
        ApplicationContext.run(
            Map.of(
                "kafka.enabled",
                false, // the configuration is started, not a consumer
                "darkroom.worker.max-unfinished-attempts",
                maxUnfinishedAttempts))) {
      return context.getBean(WorkerConfiguration.class);
    }
  }
}
