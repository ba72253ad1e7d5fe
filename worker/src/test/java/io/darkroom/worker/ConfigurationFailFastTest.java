package io.darkroom.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.worker.fetch.FetchConfiguration;
import io.darkroom.worker.job.WorkerConfiguration;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.storage.StorageConfiguration;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.exceptions.BeanInstantiationException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bad value stops start-up, naming the property (prefix and parameter), as the README promises:
 * one bad value per configuration record of the worker.
 */
class ConfigurationFailFastTest {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of(
            PipelineLimits.class,
            "darkroom.pipeline.max-pixels",
            -1,
            "[maxPixels]",
            "maxPixels - must be greater than 0"),
        Arguments.of(
            StorageConfiguration.class,
            "darkroom.storage.endpoint",
            " ",
            "[endpoint]",
            "endpoint - must not be blank"),
        Arguments.of(
            FetchConfiguration.class,
            "darkroom.fetch.max-per-host",
            0,
            "[maxPerHost]",
            "maxPerHost - must be greater than or equal to 1"),
        Arguments.of(
            FetchConfiguration.class,
            "darkroom.fetch.allowed-ranges",
            "127.0.0.1/33",
            "List<String> allowedRanges",
            "not a CIDR range: 127.0.0.1/33"),
        Arguments.of(
            WorkerConfiguration.class,
            "darkroom.worker.max-unfinished-attempts",
            0,
            "[maxUnfinishedAttempts]",
            "maxUnfinishedAttempts - must be greater than or equal to 1"));
  }

  @ParameterizedTest(name = "{1}={2}")
  @MethodSource("badSettings")
  void shouldStopStartUpNamingTheProperty(
      Class<?> record, String key, Object value, String parameter, String reason) {
    String prefix = key.substring(0, key.lastIndexOf('.'));
    assertThatThrownBy(() -> startAndGet(record, key, value))
        .isInstanceOf(BeanInstantiationException.class)
        .hasMessageContaining(prefix)
        .hasMessageContaining(parameter)
        .hasStackTraceContaining(reason);
  }

  @Test
  void shouldBindAGoodValue() {
    WorkerConfiguration worker =
        startAndGet(WorkerConfiguration.class, "darkroom.worker.max-unfinished-attempts", 5);
    assertThat(worker.maxUnfinishedAttempts()).isEqualTo(5);
  }

  private static <T> T startAndGet(Class<T> record, String key, Object value) {
    // the configuration is started, not a consumer
    try (ApplicationContext context =
        ApplicationContext.run(Map.of("kafka.enabled", false, key, value))) {
      return context.getBean(record);
    }
  }
}
