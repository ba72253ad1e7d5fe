package io.darkroom.api.image;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.darkroom.stack.EmbeddedStackSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
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
        "darkroom.processing.timeout", "1h", "darkroom.processing.timeout-check-interval", "1h");
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
    insertPending(owner, 3, Instant.now().minus(Duration.ofMinutes(5)));

    job.failTimedOut();

    assertThat(count(owner, "pending")).isEqualTo(3);
    assertThat(warnings()).isEmpty();
  }

  @Test
  void shouldFailEveryTimedOutImageAcrossSeveralBatchesWithoutAWarning() throws Exception {
    String owner = "timeout-" + UUID.randomUUID();
    Instant longAgo = Instant.now().minus(TIMEOUT).minus(Duration.ofMinutes(10));
    insertPending(owner, 1_201, longAgo); // batches of 500: 500, 500, 201
    insertPending(owner, 2, Instant.now()); // still within the timeout

    job.failTimedOut();

    assertThat(warnings()).isEmpty();
    assertThat(count(owner, "failed")).isEqualTo(1_201);
    assertThat(count(owner, "pending")).isEqualTo(2);
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT failure_code, failure_retryable, failure_detail FROM images"
                    + " WHERE owner_id = ? AND status = 'failed'")) {
      s.setString(1, owner);
      try (ResultSet r = s.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("processing_timeout");
        assertThat(r.getBoolean(2)).isTrue();
        assertThat(r.getString(3))
            .isEqualTo("No worker reported an outcome within 1 h; retry it later.");
        assertThat(r.next()).as("one reason for all").isFalse();
      }
    }
    assertThat(logged.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anyMatch(m -> m.contains("failed as processing_timeout"));
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

  private void insertPending(String owner, int n, Instant updatedAt) throws Exception {
    try (Connection c = connect();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO images (id, owner_id, filename, status, original_key, rendition_specs,"
                    + " created_at, updated_at) VALUES (?, ?, 'a.jpg', 'pending', ?, '[]', ?, ?)")) {
      for (int i = 0; i < n; i++) {
        UUID id = UUID.randomUUID();
        s.setObject(1, id);
        s.setString(2, owner);
        s.setString(3, owner + "/" + id + "/original");
        s.setTimestamp(4, Timestamp.from(updatedAt));
        s.setTimestamp(5, Timestamp.from(updatedAt));
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
