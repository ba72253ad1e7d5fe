package io.darkroom.api.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.api.text.Durations;
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
    assertThat(Durations.readable(Duration.ofSeconds(90))).isEqualTo("90 s");
    assertThat(Durations.readable(Duration.ofMinutes(15))).isEqualTo("15 min");
    assertThat(Durations.readable(Duration.ofHours(24))).isEqualTo("24 h");
    assertThat(Durations.readable(Duration.ofDays(5))).isEqualTo("5 days");
    assertThat(Durations.readable(Duration.ofHours(30))).isEqualTo("30 h");
    assertThat(Durations.readable(Duration.ofMinutes(90))).isEqualTo("90 min");
  }
}
