package io.darkroom.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.darkroom.api.image.ImageOutcomes;
import io.darkroom.api.support.Images;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks across a restart of the api, and an endpoint that never answers well: each test starts
 * the api itself, with the settings it needs, against the shared stack.
 */
class WebhookDurabilityIT implements EmbeddedStackSupport {
  private HttpServer receiver;
  private final AtomicInteger answer = new AtomicInteger(503);
  private final List<String> ids = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          ids.add(exchange.getRequestHeaders().getFirst("webhook-id"));
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(answer.get(), -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @Test
  void shouldDeliverAfterTheApiRestartsAMessageItCouldNotDeliverBefore() throws Exception {
    String hook;
    String message;
    try (ApplicationContext api =
        start(Map.of("darkroom.webhooks.retry-schedule", "3s,1s,1s,1s,1s"))) {
      hook = register(api);
      ImageOutcomes outcomes = api.getBean(ImageOutcomes.class);
      outcomes.apply(
          Images.processed(Images.uploadPending(uri(api), api.getBean(ObjectMapper.class))));
      // stop once the failed attempt is recorded (its claim released), before the next one
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () ->
                  assertThat(
                          json(api, "/api/v1/webhooks/" + hook + "/deliveries")
                              .get("data")
                              .get(0)
                              .get("attempts")
                              .size())
                      .isEqualTo(1));
      message = ids.get(0);
    } // the api stops with the message undelivered

    answer.set(204);
    try (ApplicationContext api =
        start(Map.of("darkroom.webhooks.retry-schedule", "3s,1s,1s,1s,1s"))) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> {
                JsonNode delivery =
                    json(api, "/api/v1/webhooks/" + hook + "/deliveries").get("data").get(0);
                assertThat(delivery.get("messageId").getStringValue()).isEqualTo(message);
                assertThat(delivery.get("status").getStringValue()).isEqualTo("delivered");
              });
    }
    assertThat(ids).containsOnly(message);
  }

  @Test
  void shouldDisableAnEndpointThatFailsForTheConfiguredTime() throws Exception {
    try (ApplicationContext api =
        start(
            Map.of(
                "darkroom.webhooks.retry-schedule",
                    "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms",
                "darkroom.webhooks.disable-after", "1s"))) {
      String hook = register(api);
      api.getBean(ImageOutcomes.class)
          .apply(Images.processed(Images.uploadPending(uri(api), api.getBean(ObjectMapper.class))));

      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                JsonNode endpoint = json(api, "/api/v1/webhooks/" + hook);
                assertThat(endpoint.get("enabled").getBooleanValue()).isFalse();
                assertThat(endpoint.get("disabledReason").getStringValue())
                    .isEqualTo("every delivery failed for 1 s");
              });
      int attempts = ids.size();
      assertThat(attempts).isBetween(2, 8);
    }
  }

  private ApplicationContext start(Map<String, String> settings) {
    Map<String, Object> properties = new HashMap<>(getProperties());
    properties.put("darkroom.webhooks.allowed-ranges", "127.0.0.1/32");
    properties.put("darkroom.webhooks.poll-interval", "100ms");
    properties.putAll(settings);
    ApplicationContext api = ApplicationContext.run(properties);
    api.getBean(EmbeddedServer.class).start();
    return api;
  }

  private String register(ApplicationContext api) throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    HttpResponse<String> created =
        new TestHttp(uri(api))
            .postJson(
                "/api/v1/webhooks", "{\"url\":\"" + url + "\",\"events\":[\"image.succeeded\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return api.getBean(ObjectMapper.class)
        .readValue(created.body(), JsonNode.class)
        .get("id")
        .getStringValue();
  }

  private static JsonNode json(ApplicationContext api, String path) throws Exception {
    return api.getBean(ObjectMapper.class)
        .readValue(new TestHttp(uri(api)).get(path).body(), JsonNode.class);
  }

  private static URI uri(ApplicationContext api) {
    return api.getBean(EmbeddedServer.class).getURI();
  }
}
