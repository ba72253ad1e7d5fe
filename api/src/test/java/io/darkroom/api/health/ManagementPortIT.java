package io.darkroom.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The api as compose runs it (docker-compose.yml): authentication on, health and metrics on a
 * management port of their own ({@code ENDPOINTS_ALL_PORT}), which only Prometheus reaches, so
 * metrics need no token there ({@code DARKROOM_AUTH_METRICS_ACCESS=isAnonymous()}); the public port
 * serves neither.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagementPortIT implements EmbeddedStackSupport {
  private static final int MANAGEMENT_PORT = freePort();

  @Inject EmbeddedServer server;

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "endpoints.all.port",
        String.valueOf(MANAGEMENT_PORT),
        "darkroom.auth.metrics-access",
        "isAnonymous()",
        "darkroom.auth.enabled",
        "true",
        "darkroom.auth.jwt-secret",
        "management-port-it-secret-long-enough-for-hs256");
  }

  @Test
  void shouldServeHealthAndMetricsWithoutATokenOnTheManagementPortOnly() throws Exception {
    TestHttp management = new TestHttp(URI.create("http://localhost:" + MANAGEMENT_PORT));
    TestHttp main = new TestHttp(server.getURI());

    assertThat(management.get("/health/readiness").statusCode()).isEqualTo(200);
    var metrics = management.get("/prometheus");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("darkroom_outbox_waiting")
        .contains("jvm_memory_used_bytes");

    assertThat(main.get("/prometheus").statusCode()).isEqualTo(404);
    assertThat(main.get("/health/readiness").statusCode()).isEqualTo(404);
    assertThat(main.get("/api/v1/images").statusCode())
        .as("the api itself stays on its port, behind its tokens")
        .isEqualTo(401);
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
