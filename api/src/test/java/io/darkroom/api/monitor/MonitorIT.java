package io.darkroom.api.monitor;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.darkroom.api.support.Images;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageEvent;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.Topics;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The monitor with authentication on: each owner sees the figures of their own images only; a token
 * with the admin role sees every owner's, and the pipeline (outbox, lag, workers); failed images
 * are linked only for their owner.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorIT implements EmbeddedStackSupport {
  private static final String SECRET = "monitor-it-secret-that-is-long-enough-for-hs256";

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.auth.enabled",
        "true",
        "darkroom.auth.jwt-secret",
        SECRET,
        "darkroom.metrics.backlog-refresh",
        "500ms");
  }

  @Test
  void shouldShowEachOwnerTheirOwnFiguresAndAnAdminEveryOwnersWithThePipeline() throws Exception {
    String alice = token("monitor-alice", false);
    String bob = token("monitor-bob", false);
    String admin = token("monitor-admin", true);
    UUID aliceDone = upload(alice);
    UUID aliceBroken = upload(alice);
    UUID bobBroken = upload(bob);

    publish(processed(aliceDone, new ImageProcessed.Timings(10, 20, 30, 40, 50, 150)));
    publish(failed(aliceBroken));
    publish(failed(bobBroken));
    awaitStatus(alice, aliceDone, "succeeded");
    awaitStatus(alice, aliceBroken, "failed");
    awaitStatus(bob, bobBroken, "failed");

    JsonNode mine = monitor(alice);
    assertThat(mine.get("scope").getStringValue()).isEqualTo("owner");
    assertThat(mine.get("pipeline").isNull()).as("the pipeline is for admins").isTrue();
    assertThat(mine.get("throughput").size()).isEqualTo(60);
    assertThat(total(mine, "succeeded")).isEqualTo(1);
    assertThat(total(mine, "failed")).isEqualTo(1);
    JsonNode failures = mine.get("failures");
    assertThat(failures.size()).isEqualTo(1);
    assertThat(failures.get(0).get("code").getStringValue()).isEqualTo("corrupt_image");
    assertThat(failures.get(0).get("count").getLongValue()).isEqualTo(1);
    assertThat(ids(failures.get(0).get("recentImages"))).containsExactly(aliceBroken.toString());
    assertThat(stage(mine, "decode").get("images").getLongValue()).isEqualTo(1);
    assertThat(stage(mine, "decode").get("p50Millis").getDoubleValue()).isEqualTo(20.0);
    assertThat(stage(mine, "store").get("p95Millis").getDoubleValue()).isEqualTo(50.0);
    assertThat(stage(mine, "total").get("p50Millis").getDoubleValue()).isEqualTo(150.0);

    JsonNode bobs = monitor(bob);
    assertThat(total(bobs, "succeeded")).isZero();
    assertThat(ids(bobs.get("failures").get(0).get("recentImages")))
        .containsExactly(bobBroken.toString());

    // every owner's figures (this JVM's other tests' too), and the pipeline; no owner's images
    // linked to someone who cannot open them
    JsonNode all = monitor(admin);
    assertThat(all.get("scope").getStringValue()).isEqualTo("all");
    assertThat(total(all, "failed")).isGreaterThanOrEqualTo(2);
    JsonNode corrupt = null;
    for (JsonNode failure : all.get("failures").values()) {
      if (failure.get("code").getStringValue().equals("corrupt_image")) {
        corrupt = failure;
      }
    }
    assertThat(corrupt).isNotNull();
    assertThat(corrupt.get("count").getLongValue()).isGreaterThanOrEqualTo(2);
    assertThat(corrupt.get("recentImages").size()).isZero();
    JsonNode pipeline = all.get("pipeline");
    assertThat(pipeline.get("consumerGroup").getStringValue()).isEqualTo("darkroom-workers");
    assertThat(pipeline.get("kafkaError").isNull()).isTrue();
    assertThat(pipeline.get("lag").size()).isEqualTo(stack().partitions());
    // no worker runs in the api's tests: every command relayed is still waiting for one
    assertThat(pipeline.get("workers").size()).isZero();
    assertThat(pipeline.get("totalLag").getLongValue()).isGreaterThanOrEqualTo(3);
    assertThat(pipeline.get("outboxWaiting").getLongValue()).isNotNegative();

    assertProblem(json, send(null), 401, "unauthorized");
  }

  /**
   * The lag the admin's monitor shows, as Prometheus scrapes it from the api: one series per
   * partition of the commands topic, although no worker runs in the api's tests.
   */
  @Test
  void shouldExportTheCommandsLagOfEveryPartitionWithNoWorkerRunning() throws Exception {
    String owner = token("monitor-lag", false);
    upload(owner); // relayed to the commands topic, where it waits for a worker

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              Map<String, Double> lag = lagByPartition(owner);
              List<String> partitions = new ArrayList<>();
              for (int p = 0; p < stack().partitions(); p++) {
                partitions.add(String.valueOf(p));
              }
              assertThat(lag.keySet()).containsExactlyInAnyOrderElementsOf(partitions);
              assertThat(lag.values().stream().mapToDouble(Double::doubleValue).sum())
                  .isGreaterThanOrEqualTo(1);
            });
  }

  /** {@code darkroom_commands_lag{partition="3"} 2.0} lines of a scrape, by partition. */
  private Map<String, Double> lagByPartition(String token) throws Exception {
    HttpResponse<String> scrape =
        http.send(
            HttpRequest.newBuilder(server.getURI().resolve("/prometheus"))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.statusCode()).isEqualTo(200);
    Map<String, Double> lag = new TreeMap<>();
    Matcher line =
        Pattern.compile("(?m)^darkroom_commands_lag\\{partition=\"(\\d+)\"} (\\S+)$")
            .matcher(scrape.body());
    while (line.find()) {
      lag.put(line.group(1), Double.parseDouble(line.group(2)));
    }
    return lag;
  }

  private JsonNode monitor(String token) throws Exception {
    HttpResponse<String> response = send(token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readValue(response.body(), JsonNode.class);
  }

  private HttpResponse<String> send(String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.getURI().resolve("/api/v1/monitor"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long total(JsonNode view, String outcome) {
    long total = 0;
    for (JsonNode minute : view.get("throughput").values()) {
      total += minute.get(outcome).getLongValue();
    }
    return total;
  }

  private static JsonNode stage(JsonNode view, String name) {
    for (JsonNode stage : view.get("stages").values()) {
      if (stage.get("stage").getStringValue().equals(name)) {
        return stage;
      }
    }
    throw new AssertionError("no stage " + name);
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.values().forEach(id -> ids.add(id.getStringValue()));
    return ids;
  }

  private UUID upload(String token) throws Exception {
    String boundary = "monitor-it";
    byte[] jpeg = TestImages.jpeg(64, 48, Color.BLUE);
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[head.length + jpeg.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(jpeg, 0, body, head.length, jpeg.length);
    System.arraycopy(tail, 0, body, head.length + jpeg.length, tail.length);
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.getURI().resolve("/api/v1/images/actions/upload"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return UUID.fromString(
        json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue());
  }

  private void awaitStatus(String token, UUID id, String status) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              HttpResponse<String> response =
                  http.send(
                      HttpRequest.newBuilder(server.getURI().resolve("/api/v1/images/" + id))
                          .header("Authorization", "Bearer " + token)
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              return json.readValue(response.body(), JsonNode.class)
                  .get("status")
                  .getStringValue()
                  .equals(status);
            });
  }

  private static ImageProcessed processed(UUID id, ImageProcessed.Timings timings) {
    ImageProcessed plain = Images.processed(id);
    return new ImageProcessed(
        plain.schemaVersion(),
        plain.messageId(),
        plain.commandId(),
        id,
        plain.ownerId(),
        plain.source(),
        plain.renditions(),
        timings,
        Instant.now());
  }

  private static ImageProcessingFailed failed(UUID id) {
    return Images.failed(id, FailureCode.CORRUPT_IMAGE, "The image data is truncated.", false);
  }

  private void publish(ImageEvent event) throws Exception {
    TopicProbe.send(
        stack(), Topics.EVENTS, event.imageId().toString(), json.writeValueAsString(event));
  }

  private static String token(String subject, boolean admin) throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (admin) {
      claims.claim("roles", List.of("darkroom-admin"));
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
