package io.darkroom.api.monitor;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the console's monitor shows: the pipeline as one owner, or an admin, sees it. */
@Serdeable
@Schema(name = "Monitor")
public record MonitorView(
    Instant generatedAt,
    @Schema(description = "owner: the caller's images only; all: every owner's (admin)")
        String scope,
    @Schema(description = "The window the figures cover, in minutes") int windowMinutes,
    @Schema(description = "Outcomes per minute, oldest first, every minute of the window present")
        List<Minute> throughput,
    Backlog backlog,
    @Schema(description = "Failures in the window by code, most frequent first")
        List<Failures> failures,
    @Schema(description = "Worker time per stage of the images that succeeded in the window")
        List<Stage> stages,
    @Nullable
        @Schema(
            type = "object",
            nullable = true,
            implementation = Pipeline.class,
            description =
                "The outbox, the commands topic's lag and the workers consuming it: admin only, null"
                    + " otherwise")
        Pipeline pipeline) {

  @Serdeable
  @Schema(name = "MonitorMinute")
  public record Minute(Instant minute, long succeeded, long failed) {}

  @Serdeable
  @Schema(name = "MonitorBacklog")
  public record Backlog(
      long pending,
      long processing,
      @Nullable @Schema(description = "Age of the oldest image waiting for a worker or its outcome")
          Long oldestWaitingSeconds) {}

  @Serdeable
  @Schema(name = "MonitorFailures")
  public record Failures(
      String code,
      long count,
      @Schema(description = "The caller's most recent images that failed so, at most 5")
          List<UUID> recentImages) {}

  @Serdeable
  @Schema(name = "MonitorStage")
  public record Stage(
      @Schema(example = "decode", description = "download, decode, resize, encode, store, total")
          String stage,
      long images,
      @Nullable Double p50Millis,
      @Nullable Double p95Millis) {}

  @Serdeable
  @Schema(name = "MonitorPipeline")
  public record Pipeline(
      long outboxWaiting,
      @Nullable Long outboxOldestSeconds,
      String consumerGroup,
      @Nullable @Schema(example = "Stable") String groupState,
      List<PartitionLag> lag,
      @Nullable Long totalLag,
      List<Member> workers,
      @Nullable
          @Schema(description = "Why the Kafka figures are missing, when the broker did not answer")
          String kafkaError) {}

  @Serdeable
  @Schema(name = "MonitorPartitionLag")
  public record PartitionLag(
      String topic, int partition, @Nullable Long committed, long end, long lag) {}

  @Serdeable
  @Schema(name = "MonitorWorker")
  public record Member(String memberId, String clientId, String host, List<Integer> partitions) {}
}
