package io.darkroom.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProcessingConfigurationTest {
  @Test
  void shouldRefuseATimeoutThatIsNotPositive() {
    assertThatThrownBy(
            () ->
                new ProcessingConfiguration(
                    Duration.ZERO, Duration.ofHours(1), Duration.ofMinutes(1)))
        .hasMessageContaining("darkroom.processing.timeout");
  }

  @Test
  void shouldRefuseAQueueTimeoutShorterThanTheTimeout() {
    assertThatThrownBy(
            () ->
                new ProcessingConfiguration(
                    Duration.ofHours(2), Duration.ofHours(1), Duration.ofMinutes(1)))
        .hasMessageContaining("darkroom.processing.queue-timeout");
  }

  @Test
  void shouldSayTheBoundAsAPersonWould() {
    assertThat(ProcessingTimeout.readable(Duration.ofSeconds(90))).isEqualTo("90 s");
    assertThat(ProcessingTimeout.readable(Duration.ofMinutes(15))).isEqualTo("15 min");
    assertThat(ProcessingTimeout.readable(Duration.ofHours(24))).isEqualTo("24 h");
    assertThat(ProcessingTimeout.readable(Duration.ofMinutes(90))).isEqualTo("90 min");
  }
}
