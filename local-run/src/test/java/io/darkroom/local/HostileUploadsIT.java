package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.HostileFiles;
import io.darkroom.testkit.HostileFiles.Expect;
import io.darkroom.testkit.HostileFiles.HostileFile;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.minio.GetObjectArgs;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Hostile uploads against the product as it runs in production: the packaged worker in its own JVM
 * with a 512 MB heap and -XX:+ExitOnOutOfMemoryError, so an out-of-memory kills it (and fails the
 * test) instead of hiding as a caught error. Then workers killed with SIGKILL mid-image.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileUploadsIT {
  /** How long any hostile file may take to end: refused, failed or processed. */
  private static final Duration WITHIN = Duration.ofSeconds(60);

  private static final Set<String> TRANSIENT_CODES =
      Set.of("internal_error", "storage_unavailable", "processing_timeout");

  /** Six large PNG renditions of a 13 MP photo: seconds of work, time enough to kill it. */
  private static final String SLOW_RENDITIONS =
      "[{\"name\":\"a\",\"width\":2048,\"format\":\"png\"},{\"name\":\"b\",\"width\":2040,\"format\":\"png\"},"
          + "{\"name\":\"c\",\"width\":2032,\"format\":\"png\"},{\"name\":\"d\",\"width\":2024,\"format\":\"png\"},"
          + "{\"name\":\"e\",\"width\":2016,\"format\":\"png\"},{\"name\":\"f\",\"width\":2008,\"format\":\"png\"}]";

  private final JsonMapper json = JsonMapper.createDefault();
  private LocalProduct product;
  private TestHttp http;

  @BeforeAll
  void startProduct() {
    Path home = Path.of(System.getProperty("darkroom.home"));
    product =
        LocalProduct.start(
            new LocalProduct.Options(
                home, Path.of("target/hostile-product"), false, 0, 1, 0, 0, 0, 4),
            System.out);
    http = new TestHttp(product.apiUri());
  }

  @AfterAll
  void stopProduct() {
    if (product != null) {
      product.close();
    }
  }

  @Test
  @Order(1)
  void shouldEndEveryHostileUploadWithA4xxOrAPermanentFailureOnTheSameWorkerProcess()
      throws Exception {
    long pid = worker().pid();
    List<String> table = new ArrayList<>();
    for (HostileFile file : HostileFiles.all()) {
      long started = System.nanoTime();
      HttpResponse<String> upload =
          http.postMultipart(
              "/api/v1/images/actions/upload",
              Part.file(file.name(), "application/octet-stream", file.bytes()));
      String outcome;
      if (upload.statusCode() >= 400) {
        assertThat(upload.statusCode()).as(file.name() + ": " + upload.body()).isBetween(400, 499);
        assertThat(upload.headers().firstValue("Content-Type"))
            .contains("application/problem+json");
        assertThat(file.expect())
            .as(file.name() + " refused at upload: " + upload.body())
            .isNotEqualTo(Expect.MAY_SUCCEED_WITHIN_MEMORY);
        outcome = String.valueOf(upload.statusCode());
      } else {
        assertThat(upload.statusCode()).as(file.name() + ": " + upload.body()).isEqualTo(202);
        assertThat(file.expect()).as(file.name()).isNotEqualTo(Expect.REFUSED_BY_SNIFFING);
        JsonNode image = awaitFinal(uuid(upload), WITHIN);
        String status = image.get("status").getStringValue();
        if (status.equals("failed")) {
          String code = image.get("failure").get("code").getStringValue();
          assertThat(code).as(file.name()).isNotIn(TRANSIENT_CODES);
          assertThat(image.get("failure").get("retryable").getBooleanValue()).isFalse();
          outcome = "failed " + code;
        } else {
          assertThat(file.expect())
              .as(file.name() + " was processed")
              .isEqualTo(Expect.MAY_SUCCEED_WITHIN_MEMORY);
          outcome = "succeeded";
        }
      }
      table.add(
          String.format(
              "%-45s %-26s %-28s %5d ms",
              file.name(), file.expect(), outcome, (System.nanoTime() - started) / 1_000_000));
      assertThat(worker().pid()).as("the worker survived " + file.name()).isEqualTo(pid);
    }
    System.out.println(String.join("\n", table));

    // and the same worker process still does its job
    JsonNode photo = awaitFinal(uuid(uploadPhoto("storm_2.5mp.jpg", null)), WITHIN);
    assertThat(photo.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(worker().pid()).isEqualTo(pid);
  }

  @Test
  @Order(2)
  void shouldRedeliverAnImageWhoseWorkerWasKilledMidwayAndFinishIt() throws Exception {
    String id = uuid(uploadPhoto("kleiber_13mp.jpg", SLOW_RENDITIONS));
    long killed = killWhenAttemptRecorded(id, 1);

    JsonNode image = awaitFinal(id, Duration.ofSeconds(180));

    assertThat(image.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(image.get("renditions").size()).isEqualTo(6);
    assertThat(worker().pid()).isNotEqualTo(killed);
  }

  @Test
  @Order(3)
  void shouldFailAnImageThatKillsItsWorkerEveryTimeAsPoisonAndGoOnWithItsPartition()
      throws Exception {
    String id = uuid(uploadPhoto("kleiber_13mp.jpg", SLOW_RENDITIONS));
    for (int attempt = 1; attempt <= 3; attempt++) {
      killWhenAttemptRecorded(id, attempt);
    }

    JsonNode image = awaitFinal(id, Duration.ofSeconds(180));

    assertThat(image.get("status").getStringValue()).isEqualTo("failed");
    assertThat(image.get("failure").get("code").getStringValue()).isEqualTo("poison_image");
    assertThat(image.get("failure").get("retryable").getBooleanValue()).isFalse();
    // the next image on the same partition is processed
    int partition = partition(id);
    String next = null;
    for (int i = 0; i < 40 && next == null; i++) {
      String candidate = uuid(uploadPhoto("grey_1mp.jpg", null));
      if (partition(candidate) == partition) {
        next = candidate;
      }
    }
    assertThat(next).as("an upload on partition " + partition).isNotNull();
    assertThat(awaitFinal(next, Duration.ofSeconds(120)).get("status").getStringValue())
        .isEqualTo("succeeded");
  }

  /**
   * Waits until the worker has recorded delivery {@code attempt} of the image (it is processing
   * it), kills it with SIGKILL, and waits for its replacement; returns the killed pid.
   */
  private long killWhenAttemptRecorded(String id, int attempt) {
    String key =
        ObjectKeys.unfinishedAttempts(ObjectKeys.imagePrefix("local", UUID.fromString(id)));
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> String.valueOf(attempt).equals(readObject(key)));
    ChildProcess victim = worker();
    victim.kill();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> product.worker("worker-1").map(w -> w.pid() != victim.pid()).orElse(false));
    return victim.pid();
  }

  private String readObject(String key) {
    try (InputStream in =
        product
            .stack()
            .s3Client()
            .getObject(
                GetObjectArgs.builder()
                    .bucket(EmbeddedStack.PROCESSED_BUCKET)
                    .object(key)
                    .build())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (Exception e) {
      return null;
    }
  }

  private int partition(String id) {
    return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8)))
        % product.stack().partitions();
  }

  private ChildProcess worker() {
    return product.worker("worker-1").orElseThrow(() -> new AssertionError("no worker running"));
  }

  private HttpResponse<String> uploadPhoto(String name, String renditions) throws Exception {
    byte[] photo = Files.readAllBytes(Path.of(System.getProperty("darkroom.corpus")).resolve(name));
    HttpResponse<String> response =
        renditions == null
            ? http.postMultipart(
                "/api/v1/images/actions/upload", Part.file(name, "image/jpeg", photo))
            : http.postMultipart(
                "/api/v1/images/actions/upload",
                Part.field("renditions", renditions),
                Part.file(name, "image/jpeg", photo));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return response;
  }

  private String uuid(HttpResponse<String> response) throws Exception {
    return json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue();
  }

  private JsonNode awaitFinal(String id, Duration within) {
    return ImageStatus.awaitFinal(http, id, within);
  }
}
