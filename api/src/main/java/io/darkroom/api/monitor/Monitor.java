package io.darkroom.api.monitor;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Puts the monitor's figures together, for one owner or, for an admin, for every owner. */
@Singleton
class Monitor {
  static final int WINDOW_MINUTES = 60;

  private final MonitorQueries queries;
  private final PipelineProbe pipeline;
  private final Clock clock = Clock.systemUTC();

  Monitor(MonitorQueries queries, PipelineProbe pipeline) {
    this.queries = queries;
    this.pipeline = pipeline;
  }

  /**
   * Not one transaction: each query takes a connection for itself (MonitorQueries), and none is
   * held while the broker is asked, which may take seconds when it is away.
   *
   * @param viewer the caller
   * @param everyOwner an admin's view: every owner's images, and the pipeline's internals
   */
  MonitorView read(String viewer, boolean everyOwner) {
    Instant now = clock.instant();
    Instant firstMinute =
        now.truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(WINDOW_MINUTES - 1));
    Instant since = now.minus(Duration.ofMinutes(WINDOW_MINUTES));
    @Nullable String scope = everyOwner ? null : viewer;
    return new MonitorView(
        now,
        everyOwner ? "all" : "owner",
        WINDOW_MINUTES,
        minutes(firstMinute, queries.outcomesPerMinute(scope, firstMinute)),
        queries.backlog(scope, now),
        queries.failures(scope, viewer, since),
        queries.stages(scope, since),
        everyOwner ? pipeline.read() : null);
  }

  /** Every minute of the window, with zeros where nothing finished. */
  private static List<MonitorView.Minute> minutes(
      Instant first, List<MonitorQueries.Outcomes> outcomes) {
    Map<Instant, long[]> byMinute = new HashMap<>();
    for (MonitorQueries.Outcomes o : outcomes) {
      long[] counts = byMinute.computeIfAbsent(o.minute(), m -> new long[2]);
      counts["succeeded".equals(o.status()) ? 0 : 1] += o.count();
    }
    List<MonitorView.Minute> minutes = new ArrayList<>(WINDOW_MINUTES);
    for (int i = 0; i < WINDOW_MINUTES; i++) {
      Instant minute = first.plus(Duration.ofMinutes(i));
      long[] counts = byMinute.getOrDefault(minute, new long[2]);
      minutes.add(new MonitorView.Minute(minute, counts[0], counts[1]));
    }
    return minutes;
  }
}
