package io.darkroom.api.monitor;

import io.darkroom.api.outbox.OutboxBacklog;
import io.darkroom.api.outbox.OutboxMetrics;
import io.darkroom.schema.Topics;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's internals for the monitor: the outbox, and from the broker the workers' group (its
 * members and their partitions) and its lag on the commands topic. Asked at most every {@link
 * #FRESH_FOR}, however many consoles are open; a broker that does not answer within {@link
 * #BROKER_TIMEOUT} leaves the Kafka figures empty with the reason, never the page.
 */
@Singleton
class PipelineProbe {
  static final String WORKER_GROUP = "darkroom-workers";
  private static final Duration FRESH_FOR = Duration.ofSeconds(2);
  private static final Duration BROKER_TIMEOUT = Duration.ofSeconds(3);
  private static final Logger LOG = LoggerFactory.getLogger(PipelineProbe.class);

  private final AdminClient admin;
  private final OutboxMetrics outbox;
  private final Clock clock;
  private MonitorView.Pipeline last;
  private Instant lastAt = Instant.EPOCH;

  PipelineProbe(AdminClient admin, OutboxMetrics outbox) {
    this.admin = admin;
    this.outbox = outbox;
    this.clock = Clock.systemUTC();
  }

  synchronized MonitorView.Pipeline read() {
    Instant now = clock.instant();
    if (last != null && lastAt.plus(FRESH_FOR).isAfter(now)) {
      return last;
    }
    OutboxBacklog backlog = outbox.now();
    Long oldest =
        backlog.oldest() == null
            ? null
            : Math.max(0, Duration.between(backlog.oldest(), now).toSeconds());
    MonitorView.Pipeline pipeline;
    try {
      pipeline = fromBroker(backlog.waiting(), oldest);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.debug("The broker did not describe the workers' group: {}", cause.toString());
      pipeline =
          new MonitorView.Pipeline(
              backlog.waiting(),
              oldest,
              WORKER_GROUP,
              null,
              List.of(),
              null,
              List.of(),
              "The broker did not answer: " + cause.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking the broker", e);
    }
    last = pipeline;
    lastAt = now;
    return pipeline;
  }

  private MonitorView.Pipeline fromBroker(long outboxWaiting, Long outboxOldest)
      throws ExecutionException, InterruptedException, TimeoutException {
    long timeout = BROKER_TIMEOUT.toMillis();
    TopicDescription topic =
        admin
            .describeTopics(List.of(Topics.COMMANDS))
            .allTopicNames()
            .get(timeout, TimeUnit.MILLISECONDS)
            .get(Topics.COMMANDS);
    ConsumerGroupDescription group =
        admin
            .describeConsumerGroups(List.of(WORKER_GROUP))
            .describedGroups()
            .get(WORKER_GROUP)
            .get(timeout, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(WORKER_GROUP)
            .partitionsToOffsetAndMetadata()
            .get(timeout, TimeUnit.MILLISECONDS);
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    topic
        .partitions()
        .forEach(
            p -> {
              TopicPartition tp = new TopicPartition(Topics.COMMANDS, p.partition());
              latest.put(tp, OffsetSpec.latest());
              earliest.put(tp, OffsetSpec.earliest());
            });
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
        admin.listOffsets(latest).all().get(timeout, TimeUnit.MILLISECONDS);
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
        admin.listOffsets(earliest).all().get(timeout, TimeUnit.MILLISECONDS);

    List<MonitorView.PartitionLag> lag = new ArrayList<>();
    long total = 0;
    for (TopicPartition tp : ends.keySet()) {
      long end = ends.get(tp).offset();
      OffsetAndMetadata at = committed.get(tp);
      // a partition the group never committed on is read from its start
      // (auto.offset.reset=earliest)
      long from = at != null ? at.offset() : starts.get(tp).offset();
      long behind = Math.max(0, end - from);
      total += behind;
      lag.add(
          new MonitorView.PartitionLag(
              tp.topic(), tp.partition(), at == null ? null : at.offset(), end, behind));
    }
    lag.sort(Comparator.comparingInt(MonitorView.PartitionLag::partition));
    List<MonitorView.Member> members =
        group.members().stream()
            .map(
                m ->
                    new MonitorView.Member(
                        m.consumerId(),
                        m.clientId(),
                        m.host(),
                        m.assignment().topicPartitions().stream()
                            .filter(tp -> tp.topic().equals(Topics.COMMANDS))
                            .map(TopicPartition::partition)
                            .sorted()
                            .toList()))
            .sorted(Comparator.comparing(MonitorView.Member::clientId))
            .toList();
    return new MonitorView.Pipeline(
        outboxWaiting,
        outboxOldest,
        WORKER_GROUP,
        group.state() == null ? null : group.state().toString(),
        lag,
        total,
        members,
        null);
  }
}
