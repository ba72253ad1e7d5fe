package io.darkroom.api.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.darkroom.api.support.Images;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.minio.PutObjectArgs;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deletion leaves nothing behind, whatever writes after it; the reconciliation finds what no row
 * accounts for.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CleanupIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject Reconciliation reconciliation;
  @Inject TombstoneSweep sweep;
  @Inject MeterRegistry metrics;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of("darkroom.cleanup.deletion-grace", GRACE.toString());
  }

  /**
   * Long enough that the scheduled sweep never takes a tombstone of these tests: they sweep at a
   * chosen instant, inside the grace and after it, so a slow storage call cannot race the sweep.
   */
  private static final Duration GRACE = Duration.ofHours(1);

  private static Instant afterTheGrace() {
    return Instant.now().plus(GRACE).plusSeconds(60);
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  /** A worker that was already decoding the image writes its renditions after the DELETE. */
  @Test
  void shouldClearRenditionsWrittenAfterTheImageWasDeleted() throws Exception {
    UUID id = uploadPendingImage();
    String prefix = ObjectKeys.imagePrefix("local", id);

    assertThat(http().delete("/api/v1/images/" + id).statusCode()).isEqualTo(204);
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, prefix)).isEmpty();
    assertThat(tombstoned(id)).isTrue();
    String late = ObjectKeys.rendition(prefix, "small", OutputFormat.JPEG);
    put(EmbeddedStack.PROCESSED_BUCKET, late);

    sweep.sweepDue(Instant.now());
    assertThat(stack().objectKeys(EmbeddedStack.PROCESSED_BUCKET, prefix))
        .as("within the grace a worker may still be writing: nothing is cleared yet")
        .containsExactly(late);
    assertThat(tombstoned(id)).isTrue();

    assertThat(sweep.sweepDue(afterTheGrace())).isGreaterThanOrEqualTo(1);
    assertThat(stack().objectKeys(EmbeddedStack.PROCESSED_BUCKET, prefix)).isEmpty();
    assertThat(tombstoned(id)).as("forgotten once cleared").isFalse();
  }

  /** The client's upload URL is still valid after the image is deleted, and storage takes a PUT. */
  @Test
  void shouldClearAnUploadStoredAfterItsImageWasDeleted() throws Exception {
    byte[] jpeg = TestImages.jpeg(20, 20, Color.GREEN);
    JsonNode url =
        json.readValue(
            http()
                .get("/api/v1/images/actions/upload-url?extension=jpg&size=" + jpeg.length)
                .body(),
            JsonNode.class);
    UUID id = UUID.fromString(url.get("uuid").getStringValue());
    assertThat(http().delete("/api/v1/images/" + id).statusCode()).isEqualTo(204);

    HttpResponse<String> late =
        http()
            .send(
                HttpRequest.newBuilder(URI.create(url.get("presignedUrl").getStringValue()))
                    .header("Content-Type", "image/jpeg")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(jpeg))
                    .build());
    assertThat(late.statusCode()).isEqualTo(200);

    String prefix = ObjectKeys.imagePrefix("local", id);
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, prefix)).hasSize(1);

    sweep.sweepDue(afterTheGrace());
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, prefix)).isEmpty();
  }

  @Test
  void shouldDeleteWhileStorageIsAwayAndClearTheObjectsOnceItIsBack() throws Exception {
    UUID id = uploadPendingImage();
    String prefix = ObjectKeys.imagePrefix("local", id);

    stack().s3Server().stop();
    try {
      assertThat(http().delete("/api/v1/images/" + id).statusCode()).isEqualTo(204);
      assertThat(http().get("/api/v1/images/" + id).statusCode()).isEqualTo(404);
      assertThatThrownBy(() -> sweep.sweepDue(afterTheGrace()))
          .as("a sweep while storage is away fails and forgets nothing")
          .isInstanceOf(RuntimeException.class);
      assertThat(tombstoned(id)).isTrue();
    } finally {
      stack().s3Server().start();
    }
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, prefix)).hasSize(1);

    sweep.sweepDue(afterTheGrace());
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, prefix)).isEmpty();
    assertThat(tombstoned(id)).isFalse();
  }

  @Test
  void shouldRemoveObjectsWithoutARowOnceOldEnoughAndLeaveTombstonedOnesToTheSweep()
      throws Exception {
    String orphan = ObjectKeys.original("crashed-before-commit", UUID.randomUUID());
    String young = ObjectKeys.original("still-uploading", UUID.randomUUID());
    put(EmbeddedStack.UPLOADS_BUCKET, orphan);

    Reconciliation.Result old = reconciliation.run(Instant.now().plusSeconds(60));
    assertThat(old.removed()).isGreaterThanOrEqualTo(1);
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, orphan)).isEmpty();

    put(EmbeddedStack.UPLOADS_BUCKET, young);
    Reconciliation.Result recent = reconciliation.run(Instant.now().minus(Duration.ofHours(1)));
    assertThat(recent.orphans()).isGreaterThanOrEqualTo(1);
    assertThat(stack().objectKeys(EmbeddedStack.UPLOADS_BUCKET, young))
        .as("an object younger than the grace may be an upload whose row is being written")
        .containsExactly(young);
    assertThat(metrics.get("darkroom.reconciliation.orphan.objects").gauge().value())
        .isGreaterThanOrEqualTo(1);
  }

  /**
   * Ids from both halves of the uuid order: the paging once started in the middle (Java's signed
   * uuid minimum) and skipped every image below it.
   */
  @Test
  void shouldCountEverySucceededImageWhoseOriginalIsGone() throws Exception {
    long before = reconciliation.run(Instant.now().minus(Duration.ofHours(1))).rowsMissingObjects();
    for (String id :
        new String[] {
          "0f000000-0000-4000-8000-"
              + String.format("%012d", System.nanoTime() % 1_000_000_000_000L),
          "f0000000-0000-4000-8000-"
              + String.format("%012d", System.nanoTime() % 1_000_000_000_000L)
        }) {
      insertSucceededWithoutObjects(UUID.fromString(id));
    }

    Reconciliation.Result result = reconciliation.run(Instant.now().minus(Duration.ofHours(1)));

    assertThat(result.rowsMissingObjects() - before).isEqualTo(2);
  }

  @Test
  void shouldCountASucceededImageWhoseOriginalIsGone() throws Exception {
    UUID id = UUID.randomUUID();
    insertSucceededWithoutObjects(id);

    Reconciliation.Result result = reconciliation.run(Instant.now().minus(Duration.ofHours(1)));

    assertThat(result.rowsMissingObjects()).isGreaterThanOrEqualTo(1);
    assertThat(metrics.get("darkroom.reconciliation.rows.missing.objects").gauge().value())
        .isGreaterThanOrEqualTo(1);
    assertThat(http().get("/api/v1/images/" + id).statusCode())
        .as("counted, never removed")
        .isEqualTo(200);
  }

  private void insertSucceededWithoutObjects(UUID id) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack().jdbcUrl(), stack().jdbcUser(), stack().jdbcPassword());
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO images (id, owner_id, filename, status, original_key, rendition_specs,"
                    + " renditions, created_at, updated_at) VALUES (?, 'local', 'gone.jpg',"
                    + " 'succeeded', ?, '[]', '[]', now(), now())")) {
      s.setObject(1, id);
      s.setString(2, ObjectKeys.original("local", id));
      s.executeUpdate();
    }
  }

  private boolean tombstoned(UUID id) throws Exception {
    try (Connection c =
            DriverManager.getConnection(
                stack().jdbcUrl(), stack().jdbcUser(), stack().jdbcPassword());
        PreparedStatement s =
            c.prepareStatement("SELECT count(*) FROM deleted_images WHERE image_id = ?")) {
      s.setObject(1, id);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1) == 1;
      }
    }
  }

  private void put(String bucket, String key) throws Exception {
    byte[] bytes = TestImages.jpeg(8, 8, Color.BLUE);
    stack()
        .s3Client()
        .putObject(
            PutObjectArgs.builder().bucket(bucket).object(key).stream(
                    new ByteArrayInputStream(bytes), (long) bytes.length, null)
                .build());
  }

  private UUID uploadPendingImage() throws Exception {
    return Images.uploadPending(server.getURI(), json);
  }
}
