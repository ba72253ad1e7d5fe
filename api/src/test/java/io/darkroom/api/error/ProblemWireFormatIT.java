package io.darkroom.api.error;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The framework's own errors come in the same problem+json shape as ours, never as a stack trace.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProblemWireFormatIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldAnswerAnUnknownRouteWith404Problem() {
    assertProblem(json, http().get("/api/v1/nothing-here"), 404, "not-found");
  }

  @Test
  void shouldAnswerAWrongMethodWith405Problem() {
    HttpResponse<String> response = http().delete("/api/v1/images/actions/upload-url");
    assertProblem(json, response, 405, "method-not-allowed");
  }

  @Test
  void shouldAnswerAWrongContentTypeWith415Problem() {
    HttpResponse<String> response =
        http()
            .send(
                HttpRequest.newBuilder(server.getURI().resolve("/api/v1/images/actions/process"))
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello"))
                    .build());
    assertProblem(json, response, 415, "unsupported-media-type");
  }

  @Test
  void shouldAnswerMalformedJsonWith400ProblemWithoutParserInternals() {
    JsonNode problem =
        assertProblem(
            json,
            http().postJson("/api/v1/images/actions/process", "{\"uuid\": "),
            400,
            "bad-request");
    assertThat(problem.get("detail").getStringValue())
        .doesNotContain("at [Source")
        .doesNotContain("\tat ");
  }

  @Test
  void shouldAnswerAMalformedUuidInABodyWith400Problem() {
    HttpResponse<String> response =
        http()
            .postJson(
                "/api/v1/images/actions/process", "{\"uuid\":\"nope\",\"filename\":\"a.jpg\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
  }
}
