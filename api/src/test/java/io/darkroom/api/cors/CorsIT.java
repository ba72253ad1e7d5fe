package io.darkroom.api.cors;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A browser app on another origin, against the api configured as the README says (auth on): the
 * preflight passes without a token, the allowed origin gets its CORS headers, others get none.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsIT implements EmbeddedStackSupport {
  private static final String APP = "https://app.example.com";

  @Inject EmbeddedServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.auth.enabled", "true",
        "darkroom.auth.jwt-secret", "cors-it-secret-that-is-long-enough-for-hs256",
        "micronaut.server.cors.enabled", "true",
        "micronaut.server.cors.configurations.web.allowed-origins", APP);
  }

  @Test
  void shouldAnswerThePreflightOfAnAllowedOriginWithoutAToken() throws Exception {
    HttpResponse<String> response = preflight(APP, "GET", "authorization");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods"))
        .hasValueSatisfying(methods -> assertThat(methods).contains("GET"));
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValueSatisfying(headers -> assertThat(headers.toLowerCase()).contains("authorization"));
  }

  @Test
  void shouldGiveTheAllowedOriginItsHeaderOnTheActualRequest() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(server.getURI().resolve("/api/v1/images"))
                .header("Origin", APP)
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as("no token: still 401").isEqualTo(401);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
    assertThat(response.headers().allValues("Access-Control-Expose-Headers"))
        .as("a browser may read where a new image is and when to retry")
        .anySatisfy(exposed -> assertThat(exposed).contains("Location"))
        .anySatisfy(exposed -> assertThat(exposed).contains("Retry-After"));
  }

  @Test
  void shouldNotAllowAnotherOrigin() throws Exception {
    HttpResponse<String> response = preflight("https://evil.example.net", "GET", "authorization");

    assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  private HttpResponse<String> preflight(String origin, String method, String headers)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                server
                    .getURI()
                    .resolve("/api/v1/images/actions/upload-url?extension=jpg&size=1000"))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", method)
            .header("Access-Control-Request-Headers", headers)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
