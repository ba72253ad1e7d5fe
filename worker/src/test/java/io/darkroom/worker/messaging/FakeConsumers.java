package io.darkroom.worker.messaging;

import io.micronaut.configuration.kafka.ConsumerRegistry;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/** A consumer registry that records which consumers were paused; nothing else is used. */
final class FakeConsumers implements ConsumerRegistry {
  final Set<String> ids;
  final Set<String> paused = new LinkedHashSet<>();

  FakeConsumers(String... ids) {
    this.ids = Set.of(ids);
  }

  @Override
  public Set<String> getConsumerIds() {
    return ids;
  }

  @Override
  public void pause(String id) {
    paused.add(id);
  }

  @Override
  public boolean isPaused(String id) {
    return paused.contains(id);
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
  public Set<TopicPartition> getConsumerAssignment(String id) {
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
  public void resume(String id) {
    paused.remove(id);
  }

  @Override
  public void resume(String id, Collection<TopicPartition> partitions) {
    throw new UnsupportedOperationException();
  }
}
