package io.darkroom.api.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class ImportMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ImportMetrics metrics = new ImportMetrics(registry);

  @Test
  void shouldExportEverySeriesAtZeroBeforeAnyImport() {
    assertThat(count("darkroom.imports.files", "outcome", "accepted")).isZero();
    assertThat(count("darkroom.imports.files", "outcome", "refused")).isZero();
    assertThat(registry.find("darkroom.imports.rows").counter().count()).isZero();
    for (String outcome : new String[] {"queued", "succeeded", "failed"}) {
      assertThat(count("darkroom.imports.urls", "outcome", outcome)).as(outcome).isZero();
    }
    assertThat(registry.find("darkroom.imports.completed").counters()).hasSize(3);
  }

  @Test
  void shouldCountAcceptedFilesWithTheirRowsAndDistinctUrls() {
    metrics.accepted(20, 11);
    metrics.accepted(2, 3);
    metrics.refused();

    assertThat(count("darkroom.imports.files", "outcome", "accepted")).isEqualTo(2);
    assertThat(count("darkroom.imports.files", "outcome", "refused")).isEqualTo(1);
    assertThat(registry.find("darkroom.imports.rows").counter().count()).isEqualTo(22);
    assertThat(count("darkroom.imports.urls", "outcome", "queued")).isEqualTo(14);
  }

  @Test
  void shouldCountHowTheUrlsEndedWhenAnImportCompletes() {
    metrics.completed("completed_with_errors", new ImportCounts(9, 2, 0));

    assertThat(count("darkroom.imports.completed", "status", "completed_with_errors")).isEqualTo(1);
    assertThat(count("darkroom.imports.completed", "status", "completed")).isZero();
    assertThat(count("darkroom.imports.urls", "outcome", "succeeded")).isEqualTo(9);
    assertThat(count("darkroom.imports.urls", "outcome", "failed")).isEqualTo(2);
  }

  private double count(String name, String tag, String value) {
    Counter counter = registry.find(name).tag(tag, value).counter();
    assertThat(counter).as("%s{%s=%s}", name, tag, value).isNotNull();
    return counter.count();
  }
}
