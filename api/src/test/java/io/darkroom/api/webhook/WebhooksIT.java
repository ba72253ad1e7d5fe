package io.darkroom.api.webhook;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpServer;
import io.darkroom.api.image.ImageOutcomes;
import io.darkroom.api.support.Images;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Webhooks end to end against a receiver on 127.0.0.1 (allowed by the test's configuration, as the
 * local run allows it), verified with Standard Webhooks' reference library.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhooksIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject ImageOutcomes outcomes;

  private HttpServer receiver;
  private final Queue<Delivery> received = new ConcurrentLinkedQueue<>();
  private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private final AtomicInteger defaultAnswer = new AtomicInteger(200);
  private final AtomicInteger slowCalls = new AtomicInteger();
  private final CountDownLatch releaseSlow = new CountDownLatch(1);

  record Delivery(Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.get(name).get(0);
    }
  }

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.webhooks.allowed-ranges", "127.0.0.1/32",
        "darkroom.webhooks.retry-schedule", "200ms,200ms,200ms",
        "darkroom.webhooks.poll-interval", "100ms",
        "darkroom.webhooks.public-base-url", "https://images.example.com/");
  }

  @BeforeAll
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          Map<String, List<String>> headers = new HashMap<>();
          exchange
              .getRequestHeaders()
              .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
          received.add(
              new Delivery(
                  headers,
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          Integer status = answers.poll();
          if (status != null && status == 429) {
            exchange.getResponseHeaders().add("Retry-After", "2");
          }
          exchange.sendResponseHeaders(status == null ? defaultAnswer.get() : status, -1);
          exchange.close();
        });
    receiver.createContext(
        "/slow",
        exchange -> {
          slowCalls.incrementAndGet();
          try {
            releaseSlow.await(); // holds its sender until the test lets go
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.start();
  }

  @AfterAll
  void stopReceiver() {
    releaseSlow.countDown();
    receiver.stop(0);
  }

  /** Each test starts with no endpoint: an earlier test's would receive this test's events too. */
  @BeforeEach
  void reset() throws Exception {
    JsonNode registered =
        json.readValue(http().get("/api/v1/webhooks?limit=100").body(), JsonNode.class);
    for (JsonNode hook : registered.get("data").values()) {
      assertThat(http().delete("/api/v1/webhooks/" + hook.get("id").getStringValue()).statusCode())
          .isEqualTo(204);
    }
    received.clear();
    answers.clear();
    defaultAnswer.set(200);
  }

  @Test
  void shouldDeliverASignedImageSucceededThatTheReferenceLibraryVerifies() throws Exception {
    JsonNode hook = register("image.succeeded");
    String secret = hook.get("secret").getStringValue();
    assertThat(secret).startsWith("whsec_");

    UUID image = Images.uploadPending(server.getURI(), json);
    outcomes.apply(Images.processed(image));

    Delivery delivery = awaitDeliveries(1).get(0);
    new Webhook(secret).verify(delivery.body(), delivery.headers()); // throws if not ours
    assertThat(delivery.header("webhook-id")).startsWith("msg_");
    assertThat(delivery.header("content-type")).startsWith("application/json");
    JsonNode body = json.readValue(delivery.body(), JsonNode.class);
    assertThat(body.get("type").getStringValue()).isEqualTo("image.succeeded");
    assertThat(Instant.parse(body.get("timestamp").getStringValue())).isBefore(Instant.now());
    JsonNode data = body.get("data");
    assertThat(data.get("id").getStringValue()).isEqualTo(image.toString());
    assertThat(data.get("status").getStringValue()).isEqualTo("succeeded");
    assertThat(data.get("renditions").get(0).get("url").getStringValue())
        .isEqualTo("https://images.example.com/api/v1/images/" + image + "/renditions/thumbnail");
    assertThat(data.get("links").get("self").getStringValue())
        .isEqualTo("https://images.example.com/api/v1/images/" + image);

    // what a receiver must refuse
    assertThatThrownBy(
            () ->
                new Webhook(secret)
                    .verify(delivery.body().replace("succeeded", "failed"), delivery.headers()))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(
            () ->
                new Webhook(WebhookSignatures.newSecret())
                    .verify(delivery.body(), delivery.headers()))
        .isInstanceOf(WebhookVerificationException.class);
    long old = Instant.now().minus(Duration.ofMinutes(6)).getEpochSecond();
    Map<String, List<String>> stale = new HashMap<>(delivery.headers());
    stale.put("webhook-timestamp", List.of(Long.toString(old)));
    stale.put(
        "webhook-signature",
        List.of(
            WebhookSignatures.sign(secret, delivery.header("webhook-id"), old, delivery.body())));
    assertThatThrownBy(() -> new Webhook(secret).verify(delivery.body(), stale))
        .isInstanceOf(WebhookVerificationException.class);

    // the receiver has it; the attempt is recorded a moment after its answer
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode recorded = deliveries(hook).get("data").get(0);
              assertThat(recorded.get("status").getStringValue()).isEqualTo("delivered");
              assertThat(recorded.get("attempts").get(0).get("httpStatus").getIntValue())
                  .isEqualTo(200);
            });
  }

  @Test
  void shouldRetryAFailingEndpointWithTheSameMessageIdUntilItAnswers() throws Exception {
    JsonNode hook = register("image.succeeded");
    answers.add(503);
    answers.add(500);

    UUID image = Images.uploadPending(server.getURI(), json);
    outcomes.apply(Images.processed(image));

    List<Delivery> tries = awaitDeliveries(3);
    assertThat(tries)
        .extracting(d -> d.header("webhook-id"))
        .containsOnly(tries.get(0).header("webhook-id"));
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              JsonNode delivery = deliveries(hook).get("data").get(0);
              assertThat(delivery.get("status").getStringValue()).isEqualTo("delivered");
              List<Integer> statuses = new ArrayList<>();
              delivery
                  .get("attempts")
                  .values()
                  .forEach(a -> statuses.add(a.get("httpStatus").getIntValue()));
              assertThat(statuses).containsExactly(503, 500, 200);
            });
  }

  @Test
  void shouldCountARedirectAsAFailureAndNotFollowIt() throws Exception {
    JsonNode hook = register("image.succeeded");
    answers.add(302);

    outcomes.apply(Images.processed(Images.uploadPending(server.getURI(), json)));

    awaitDeliveries(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode attempts = deliveries(hook).get("data").get(0).get("attempts");
              assertThat(attempts.get(0).get("httpStatus").getIntValue()).isEqualTo(302);
              assertThat(attempts.get(0).get("error").getStringValue())
                  .contains("redirects are not followed");
              assertThat(attempts.get(1).get("httpStatus").getIntValue()).isEqualTo(200);
            });
  }

  /** The schedule says 200 ms here; a 429 asking for 2 s gets its 2 s. */
  @Test
  void shouldHonourRetryAfterOnA429() throws Exception {
    JsonNode hook = register("image.succeeded");
    answers.add(429);

    outcomes.apply(Images.processed(Images.uploadPending(server.getURI(), json)));

    awaitDeliveries(2);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode delivery = deliveries(hook).get("data").get(0);
              assertThat(delivery.get("status").getStringValue()).isEqualTo("delivered");
              JsonNode attempts = delivery.get("attempts");
              assertThat(attempts.get(0).get("httpStatus").getIntValue()).isEqualTo(429);
              Instant first = Instant.parse(attempts.get(0).get("attemptedAt").getStringValue());
              Instant planned =
                  Instant.parse(attempts.get(0).get("nextAttemptAt").getStringValue());
              Instant second = Instant.parse(attempts.get(1).get("attemptedAt").getStringValue());
              assertThat(Duration.between(first, planned))
                  .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
              assertThat(second).isAfterOrEqualTo(planned);
            });
  }

  @Test
  void shouldSignWithBothSecretsAfterARotation() throws Exception {
    JsonNode hook = register("image.failed");
    String old = hook.get("secret").getStringValue();
    HttpResponse<String> rotated =
        http()
            .postJson(
                "/api/v1/webhooks/" + hook.get("id").getStringValue() + "/actions/rotate-secret",
                "");
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    String fresh = json.readValue(rotated.body(), JsonNode.class).get("secret").getStringValue();
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);

    UUID image = Images.uploadPending(server.getURI(), json);
    outcomes.apply(
        new ImageProcessingFailed(
            SchemaVersion.CURRENT,
            UUID.randomUUID(),
            UUID.randomUUID(),
            image,
            "local",
            FailureCode.CORRUPT_IMAGE,
            "broken",
            false,
            Instant.now()));

    Delivery delivery = awaitDeliveries(1).get(0);
    assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
    new Webhook(fresh).verify(delivery.body(), delivery.headers());
    new Webhook(old).verify(delivery.body(), delivery.headers());
    JsonNode data = json.readValue(delivery.body(), JsonNode.class).get("data");
    assertThat(data.get("failure").get("code").getStringValue()).isEqualTo("corrupt_image");
    assertThat(data.get("failure").get("retryable").getBooleanValue()).isFalse();
  }

  @Test
  void shouldDeliverToOtherEndpointsWhileOneHangs() throws Exception {
    String slow = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/slow";
    HttpResponse<String> hanging =
        http()
            .postJson(
                "/api/v1/webhooks", "{\"url\":\"" + slow + "\",\"events\":[\"image.succeeded\"]}");
    assertThat(hanging.statusCode()).isEqualTo(201);
    register("image.succeeded");

    for (int i = 0; i < 3; i++) {
      outcomes.apply(Images.processed(Images.uploadPending(server.getURI(), json)));
    }

    // three images for the healthy endpoint arrive while the hanging one holds one sender, once
    awaitDeliveries(3);
    assertThat(slowCalls).hasValue(1);
    releaseSlow.countDown();
  }

  @Test
  void shouldDisableAnEndpointThatAnswers410() throws Exception {
    JsonNode hook = register("image.succeeded");
    defaultAnswer.set(410);

    UUID image = Images.uploadPending(server.getURI(), json);
    outcomes.apply(Images.processed(image));

    awaitDeliveries(1);
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode now =
                  json.readValue(
                      http().get("/api/v1/webhooks/" + hook.get("id").getStringValue()).body(),
                      JsonNode.class);
              assertThat(now.get("enabled").getBooleanValue()).isFalse();
              assertThat(now.get("disabledReason").getStringValue()).contains("410");
            });
  }

  @Test
  void shouldRefuseToRegisterAUrlTheGuardRefusesWithTheReason() throws Exception {
    for (String[] refused :
        new String[][] {
          {"http://169.254.169.254/latest/meta-data/", "link-local"},
          {"http://[fd00:ec2::254]/", "unique local"},
          {"file:///etc/passwd", "only http and https"},
          {"http://user:pw@127.0.0.1/hook", "user name or password"}
        }) {
      HttpResponse<String> response =
          http()
              .postJson(
                  "/api/v1/webhooks",
                  "{\"url\":\"" + refused[0] + "\",\"events\":[\"image.succeeded\"]}");
      JsonNode problem = assertProblem(json, response, 400, "validation");
      assertThat(problem.get("errors").get(0).get("field").getStringValue()).isEqualTo("url");
      assertThat(problem.get("errors").get(0).get("message").getStringValue())
          .as(refused[0])
          .contains(refused[1]);
    }
    assertProblem(
        json,
        http()
            .postJson(
                "/api/v1/webhooks",
                "{\"url\":\"http://127.0.0.1:1/hook\",\"events\":[\"image.exploded\"]}"),
        400,
        "validation");
    assertProblem(json, http().get("/api/v1/webhooks/" + UUID.randomUUID()), 404, "not-found");
  }

  private JsonNode register(String event) throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    HttpResponse<String> created =
        http()
            .postJson(
                "/api/v1/webhooks",
                "{\"url\":\""
                    + url
                    + "\",\"events\":[\""
                    + event
                    + "\"],\"description\":\"test\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode hook = json.readValue(created.body(), JsonNode.class);
    assertThat(created.headers().firstValue("Location"))
        .contains("/api/v1/webhooks/" + hook.get("id").getStringValue());
    return hook;
  }

  private JsonNode deliveries(JsonNode hook) throws Exception {
    return json.readValue(
        http().get("/api/v1/webhooks/" + hook.get("id").getStringValue() + "/deliveries").body(),
        JsonNode.class);
  }

  private List<Delivery> awaitDeliveries(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= count);
    return new ArrayList<>(received);
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }
}
