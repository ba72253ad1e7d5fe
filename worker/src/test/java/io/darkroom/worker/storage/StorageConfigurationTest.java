package io.darkroom.worker.storage;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bad value stops start-up, naming the property (prefix and parameter), as the README promises.
 */
class StorageConfigurationTest {
  @Test
  void shouldStopStartUpNamingThePropertyWhenTheEndpointIsBlank() {
    assertThatThrownBy(
            () -> {
              try (ApplicationContext context =
                  ApplicationContext.run(
                      Map.of(
                          "kafka.enabled",
                          false, // the configuration is started, not a consumer
                          "darkroom.storage.endpoint",
                          " "))) {
                context.getBean(StorageConfiguration.class);
              }
            })
        .isInstanceOf(BeanInstantiationException.class)
        .hasMessageContaining("darkroom.storage")
        .hasMessageContaining("[endpoint]")
        .hasStackTraceContaining("endpoint - must not be blank");
  }
}
