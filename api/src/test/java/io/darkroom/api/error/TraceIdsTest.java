package io.darkroom.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {
  @Test
  void shouldUseTheTraceIdOfAValidTraceparent() {
    assertThat(TraceIds.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void shouldMakeAFreshIdForAMissingMalformedOrAllZeroTraceparent() {
    for (String header :
        new String[] {null, "garbage", "00-00000000000000000000000000000000-00f067aa0ba902b7-01"}) {
      String id = TraceIds.of(header);
      assertThat(id).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }
    assertThat(TraceIds.of((String) null)).isNotEqualTo(TraceIds.of((String) null));
  }
}
