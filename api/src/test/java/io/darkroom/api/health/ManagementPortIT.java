package io.darkroom.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How compose and Kubernetes run the api: with {@code ENDPOINTS_ALL_PORT} set, health and metrics
 * move to a port of their own that is never published, and only there may Prometheus scrape without
 * a token ({@code DARKROOM_AUTH_METRICS_ACCESS=isAnonymous()}); the public port no longer serves
 * them, and everything else still needs a token.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPortIT implements EmbeddedStackSupport {
  private static final int MANAGEMENT_PORT = freePort();

  @Inject EmbeddedServer server;

  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.auth.enabled",
        "true",
        "darkroom.auth.jwt-secret",
        "management-port-it-secret-long-enough-for-hs256",
        // the environment variables' forms: a port number and one access rule as a string
        "endpoints.all.port",
        String.valueOf(MANAGEMENT_PORT),
        "darkroom.auth.metrics-access",
        "isAnonymous()");
  }

  @Test
  void shouldServeMetricsWithoutATokenOnTheManagementPortOnly() throws Exception {
    HttpResponse<String> management = get(MANAGEMENT_PORT, "/prometheus");
    HttpResponse<String> publicPort = get(server.getPort(), "/prometheus");

    assertThat(management.statusCode()).isEqualTo(200);
    assertThat(management.body()).contains("jvm_memory_used_bytes", "darkroom_outbox_waiting");
    assertThat(publicPort.statusCode()).isIn(401, 404);
    assertThat(publicPort.body()).doesNotContain("jvm_memory_used_bytes");
  }

  @Test
  void shouldAnswerProbesOnTheManagementPortAndKeepTheApiBehindTokens() throws Exception {
    assertThat(get(MANAGEMENT_PORT, "/health/readiness").statusCode()).isEqualTo(200);
    assertThat(get(MANAGEMENT_PORT, "/health/liveness").statusCode()).isEqualTo(200);
    assertThat(get(server.getPort(), "/api/v1/images").statusCode()).isEqualTo(401);
    assertThat(get(MANAGEMENT_PORT, "/api/v1/images").statusCode()).isIn(401, 404);
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
