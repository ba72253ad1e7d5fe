package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void shouldFindTheMetricsButNotFunctionsLabelsOrKeywords() {
    assertThat(
            PromQlNames.of(
                "histogram_quantile(0.95, sum by (le, stage)"
                    + " (rate(darkroom_stage_seconds_bucket{stage=~\"de.*\"}[5m])))"))
        .containsExactly("darkroom_stage_seconds_bucket");
    assertThat(
            PromQlNames.of(
                "sum(max by (partition) (darkroom_commands_lag)) > 0\n"
                    + "and\n"
                    + "sum(max by (partition) (delta(darkroom_commands_lag[10m]))) > 0"))
        .containsExactly("darkroom_commands_lag");
    assertThat(
            PromQlNames.of(
                "sum(increase(a_total{outcome=\"failed\"}[15m])) / on() group_left"
                    + " sum(b_total offset 5m) > bool 1e3 unless up == 0"))
        .containsExactly("a_total", "b_total", "up");
  }
}
