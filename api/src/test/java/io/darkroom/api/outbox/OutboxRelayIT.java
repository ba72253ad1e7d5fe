package io.darkroom.api.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The relay with the broker away from the api's start (no topic metadata cached, so every send
 * blocks for max.block.ms) and a backlog of several batches: no database transaction stays open
 * while it waits, and once the broker is back every message is published, once.
 */
class OutboxRelayIT {
  private static final EmbeddedStack STACK = EmbeddedStack.shared();
  private static final int MESSAGES = 250;

  @Test
  void shouldHoldNoTransactionWhileTheBrokerIsAwayAndPublishEveryMessageOnceWhenItIsBack()
      throws Exception {
    String run = UUID.randomUUID().toString();
    List<String> keys =
        IntStream.range(0, MESSAGES).mapToObj(i -> run + "-" + i).collect(Collectors.toList());
    STACK.kafkaBroker().stop();
    try (EmbeddedServer api = ApplicationContext.run(EmbeddedServer.class, properties())) {
      insert(keys);

      // several relay attempts, each blocked on the missing broker for max.block.ms (2 s here)
      long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      int samples = 0;
      while (System.nanoTime() < until) {
        assertThat(openTransactionsOlderThan(Duration.ofMillis(500)))
            .as("no transaction is open while the relay waits on the broker")
            .isZero();
        samples++;
        await().pollDelay(Duration.ofMillis(200)).until(() -> true);
      }
      assertThat(samples).isGreaterThan(10);
      assertThat(waiting(run)).isEqualTo(MESSAGES);

      try (TopicProbe commands = new TopicProbe(STACK, Topics.COMMANDS)) {
        STACK.kafkaBroker().start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  commands.poll();
                  return commands.seen().stream()
                          .filter(r -> r.key().startsWith(run))
                          .map(r -> r.key())
                          .collect(Collectors.toSet())
                          .size()
                      == MESSAGES;
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> waiting(run) == 0);
        // anything sent twice would have arrived by now
        await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
        commands.poll();
        Map<String, Long> deliveries =
            commands.seen().stream()
                .filter(r -> r.key().startsWith(run))
                .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
        assertThat(deliveries).hasSize(MESSAGES);
        assertThat(deliveries.values()).as("each message published once").containsOnly(1L);
      }
    } finally {
      STACK.kafkaBroker().start();
    }
  }

  private static Map<String, Object> properties() {
    Map<String, Object> props = new HashMap<>(STACK.applicationProperties());
    props.put("micronaut.server.port", "-1");
    props.put("micronaut.lifecycle.graceful-shutdown.enabled", "false");
    props.put("darkroom.auth.enabled", "false");
    props.put("kafka.producers.outbox.max.block.ms", "2000");
    return props;
  }

  private static void insert(List<String> keys) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO outbox_messages (topic, message_key, payload, created_at)"
                    + " VALUES (?, ?, '{}', now())")) {
      for (String key : keys) {
        s.setString(1, Topics.COMMANDS);
        s.setString(2, key);
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private static int waiting(String run) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM outbox_messages WHERE message_key LIKE ?")) {
      s.setString(1, run + "-%");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  /** Sessions other than this one inside a transaction for longer than {@code age}. */
  private static int openTransactionsOlderThan(Duration age) throws SQLException {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                    + " AND xact_start IS NOT NULL AND xact_start < now() - ? * interval '1"
                    + " millisecond' AND backend_type = 'client backend'")) {
      s.setLong(1, age.toMillis());
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(STACK.jdbcUrl(), STACK.jdbcUser(), STACK.jdbcPassword());
  }
}
