package io.darkroom.testkit;

import io.darkroom.stack.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes raw records on the stack's broker, as another service would; for tests. */
public final class TopicProbe implements AutoCloseable {
  private final KafkaConsumer<String, String> consumer;
  private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

  public TopicProbe(EmbeddedStack stack, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(props);
    consumer.subscribe(List.of(topic));
  }

  /** Polls until a record matches, for at most {@code timeout}. */
  public ConsumerRecord<String, String> await(
      Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, String> r : seen) {
        if (match.test(r)) {
          return r;
        }
      }
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    throw new AssertionError("no matching record within " + timeout + "; saw " + seen.size());
  }

  /** Reads whatever has arrived since the last poll. */
  public void poll() {
    consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
  }

  /**
   * Polls until every partition of the topic has been read up to its end offset as it is now, for
   * at most {@code timeout}: afterwards {@link #seen()} holds every record the topic had.
   */
  public List<ConsumerRecord<String, String>> readToEnd(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
    while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the topic was not read to its end within " + timeout);
      }
      consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
    }
    return seen;
  }

  public List<ConsumerRecord<String, String>> seen() {
    return seen;
  }

  /** Sends one record and waits for the broker; returns where it landed. */
  public static RecordMetadata send(EmbeddedStack stack, String topic, String key, String value) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    try (var producer = new KafkaProducer<String, String>(props)) {
      return producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("could not send to " + topic, e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
