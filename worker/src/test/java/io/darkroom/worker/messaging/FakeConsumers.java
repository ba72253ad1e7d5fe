package io.darkroom.worker.messaging;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer registry that behaves as micronaut-kafka's does for pausing: a pause is a request, and
 * a consumer counts as paused only once its thread has come back to poll ({@link #poll}), that is
 * after it committed what it processed. A consumer without partitions has no assignment.
 */
final class FakeConsumers implements ConsumerRegistry {
  private final Map<String, Set<TopicPartition>> assignments = new ConcurrentHashMap<>();
  final Set<String> pauseRequested = ConcurrentHashMap.newKeySet();
  private final Set<String> polledWhilePaused = ConcurrentHashMap.newKeySet();

  /** Consumers with one partition each. */
  FakeConsumers(String... ids) {
    for (int i = 0; i < ids.length; i++) {
      assignments.put(ids[i], Set.of(new TopicPartition("image-commands.v1", i)));
    }
  }

  FakeConsumers withoutPartitions(String id) {
    assignments.put(id, Set.of());
    return this;
  }

  /** The consumer's thread starts a poll: a requested pause now takes effect. */
  void poll(String id) {
    if (pauseRequested.contains(id)) {
      polledWhilePaused.add(id);
    }
  }

  @Override
  public Set<String> getConsumerIds() {
    return assignments.keySet();
  }

  @Override
  public void pause(String id) {
    pauseRequested.add(id);
  }

  @Override
  public boolean isPaused(String id) {
    return polledWhilePaused.contains(id);
  }

  @Override
  public Set<TopicPartition> getConsumerAssignment(String id) {
    Set<TopicPartition> assigned = assignments.get(id);
    if (assigned == null || assigned.isEmpty()) {
      throw new IllegalArgumentException("No consumer assignment found for ID: " + id);
    }
    return assigned;
  }

  @Override
  public void resume(String id) {
    pauseRequested.remove(id);
    polledWhilePaused.remove(id);
  }

  @Override
  public <K, V> Consumer<K, V> getConsumer(String id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Set<String> getConsumerSubscription(String id) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isPaused(String id, Collection<TopicPartition> partitions) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void pause(String id, Collection<TopicPartition> partitions) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void resume(String id, Collection<TopicPartition> partitions) {
    throw new UnsupportedOperationException();
  }
}
