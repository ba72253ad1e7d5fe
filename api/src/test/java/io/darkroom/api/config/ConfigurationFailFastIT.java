package io.darkroom.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README promises that a bad setting stops start-up, naming it, instead of surfacing at the
 * first request: one bad value per configuration record, against the real stack otherwise.
 */
class ConfigurationFailFastIT implements EmbeddedStackSupport {

  static Stream<Arguments> badSettings() {
    return Stream.of(
        Arguments.of("darkroom.upload.direct-max-bytes", "0", "directMaxBytes"),
        Arguments.of("darkroom.storage.uploads-bucket", "", "uploadsBucket"),
        Arguments.of("darkroom.cleanup.deletion-grace", "soon", "deletion-grace"),
        Arguments.of("darkroom.owner.anonymous-owner", "", "anonymousOwner"),
        Arguments.of("darkroom.outbox.batch-size", "0", "batchSize"),
        Arguments.of(
            "darkroom.processing.queue-timeout", "1m", "darkroom.processing.queue-timeout"),
        Arguments.of("darkroom.events.retry-count", "0", "retryCount"),
        Arguments.of("darkroom.renditions.max-count", "0", "maxCount"),
        Arguments.of(
            "darkroom.renditions.presets.small.width",
            "0",
            "darkroom.renditions.presets.small.width must be greater than or equal to 1"),
        Arguments.of("darkroom.auth.owner-claim", "", "ownerClaim"),
        Arguments.of("darkroom.imports.max-rows", "0", "maxRows"),
        Arguments.of("darkroom.imports.completion-interval", "often", "completion-interval"),
        Arguments.of("darkroom.upload.multipart.max-bytes", "0", "maxBytes"),
        Arguments.of("darkroom.webhooks.concurrency", "0", "concurrency"),
        Arguments.of("darkroom.webhooks.public-base-url", "ftp://example.com", "publicBaseUrl"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badSettings")
  void shouldRefuseToStartWithABadSettingAndNameIt(String key, String value, String named) {
    Map<String, Object> properties = new HashMap<>(getProperties());
    properties.put(key, value);

    Throwable refused = catchThrowable(() -> ApplicationContext.run(properties).close());

    assertThat(refused).as(key).isNotNull();
    assertThat(messages(refused)).as(key).contains(named);
  }

  private static String messages(Throwable failure) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }
}
