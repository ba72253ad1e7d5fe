package io.darkroom.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

/**
 * The processing-timeout job run directly against the real database: it must run clean (no warning,
 * so no failure of its own) whether there is nothing to time out or more than one batch.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProcessingTimeoutIT implements EmbeddedStackSupport {
  private static final Duration TIMEOUT = Duration.ofHours(1);

  @Inject ProcessingTimeout job;

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger log = (Logger) LoggerFactory.getLogger(ProcessingTimeout.class);

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.processing.timeout", "1h",
        "darkroom.processing.queue-timeout", "24h",
        "darkroom.processing.timeout-check-interval", "1h");
  }

  @BeforeEach
  void captureLogs() {
    logged.start();
    log.addAppender(logged);
  }

  @AfterEach
  void releaseLogs() {
    log.detachAppender(logged);
  }

  @Test
  void shouldRunCleanWithNothingToTimeOut() throws Exception {
    String owner = "timeout-" + UUID.randomUUID();
    Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
    insert(owner, 3, "pending", fiveMinutesAgo, null);
    insert(owner, 2, "processing", fiveMinutesAgo, fiveMinutesAgo);

    job.failTimedOut();

    assertThat(count(owner, "pending")).isEqualTo(3);
    assertThat(count(owner, "processing")).isEqualTo(2);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void shouldFailEveryImageStartedTooLongAgoAcrossSeveralBatchesWithoutAWarning() throws Exception {
    String owner = "timeout-" + UUID.randomUUID();
    Instant longAgo = Instant.now().minus(TIMEOUT).minus(Duration.ofMinutes(10));
    insert(owner, 1_201, "processing", longAgo, longAgo); // batches of 500: 500, 500, 201
    insert(owner, 2, "processing", longAgo, Instant.now()); // started again, by a redelivery

    job.failTimedOut();

    assertThat(warnings()).isEmpty();
    assertThat(count(owner, "failed")).isEqualTo(1_201);
    assertThat(count(owner, "processing")).isEqualTo(2);
    assertThat(reasons(owner))
        .containsExactly("No worker reported an outcome within 1 h of starting; retry it.");
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("failed as processing_timeout"));
  }

  /**
   * An image queued behind a backlog longer than the processing timeout is not failed: only one no
   * worker has taken within the queue timeout, whose command is taken to be lost.
   */
  @Test
  void shouldNotFailAnImageMerelyQueuedUntilTheQueueTimeout() throws Exception {
    String owner = "timeout-" + UUID.randomUUID();
    insert(owner, 4, "pending", Instant.now().minus(Duration.ofHours(5)), null);
    insert(owner, 1, "pending", Instant.now().minus(Duration.ofHours(25)), null);

    job.failTimedOut();

    assertThat(count(owner, "pending")).isEqualTo(4);
    assertThat(count(owner, "failed")).isEqualTo(1);
    assertThat(reasons(owner))
        .containsExactly("No worker took it within 24 h of the request; retry it.");
  }

  /** updated_at moves with unrelated changes (a collection, a description); the clock does not. */
  @Test
  void shouldCountFromTheRequestAndTheStartNotFromTheLastChange() throws Exception {
    String owner = "timeout-" + UUID.randomUUID();
    Instant longAgo = Instant.now().minus(Duration.ofHours(2));
    insert(owner, 1, "processing", longAgo, longAgo);
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("UPDATE images SET updated_at = now() WHERE owner_id = ?")) {
      s.setString(1, owner);
      s.executeUpdate();
    }

    job.failTimedOut();

    assertThat(count(owner, "failed")).isEqualTo(1);
  }

  private List<String> reasons(String owner) throws Exception {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT failure_detail FROM images WHERE owner_id = ? AND status ="
                    + " 'failed' AND failure_code = 'processing_timeout' AND failure_retryable")) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        List<String> reasons = new ArrayList<>();
        while (r.next()) {
          reasons.add(r.getString(1));
        }
        return reasons;
      }
    }
  }

  private Connection connect() throws Exception {
    return DriverManager.getConnection(
        stack().jdbcUrl(), stack().jdbcUser(), stack().jdbcPassword());
  }

  private List<String> warnings() {
    return logged.list.stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(ILoggingEvent::getFormattedMessage)
        .toList();
  }

  private void insert(String owner, int n, String status, Instant requestedAt, Instant startedAt)
      throws Exception {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO images (id, owner_id, filename, status, original_key, rendition_specs,"
                    + " created_at, updated_at, processing_requested_at, processing_started_at)"
                    + " VALUES (?, ?, 'a.jpg', ?, ?, '[]', ?, ?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        UUID id = UUID.randomUUID();
        s.setObject(1, id);
        s.setString(2, owner);
        s.setString(3, status);
        s.setString(4, owner + "/" + id + "/original");
        s.setTimestamp(5, Timestamp.from(requestedAt));
        s.setTimestamp(6, Timestamp.from(startedAt == null ? requestedAt : startedAt));
        s.setTimestamp(7, Timestamp.from(requestedAt));
        s.setTimestamp(8, startedAt == null ? null : Timestamp.from(startedAt));
        s.addBatch();
      }
      s.executeBatch();
    }
  }

  private int count(String owner, String status) throws Exception {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM images WHERE owner_id = ? AND status = ?")) {
      s.setString(1, owner);
      s.setString(2, status);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    }
  }
}
