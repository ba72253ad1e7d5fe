package io.darkroom.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad value stops start-up, naming the property (prefix and parameter), as the README promises.
 */
class PipelineLimitsTest {
  @Test
  void shouldStopStartUpNamingThePropertyWhenALimitIsNegative() {
    assertThatThrownBy(
            () -> {
              try (ApplicationContext context =
                  ApplicationContext.run(
                      Map.of(
                          "kafka.enabled",
                          false, // the configuration is started, not a consumer
                          "darkroom.pipeline.max-pixels",
                          -1))) {
                context.getBean(PipelineLimits.class);
              }
            })
        .isInstanceOf(BeanInstantiationException.class)
        .hasMessageContaining("darkroom.pipeline")
        .hasMessageContaining("[maxPixels]")
        .hasStackTraceContaining("maxPixels - must be greater than 0");
  }
}
