package io.darkroom.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

@MicronautTest
@SuppressWarnings("unchecked")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT implements EmbeddedStackSupport {
  /** The linter's version, pinned: a new rule lands by choice, not by a rebuild. */
  private static final String REDOCLY = "2.11.1";

  @Inject EmbeddedServer server;

  @Test
  void shouldServeAnOpenApiDocumentDescribingEveryEndpointWithItsErrors() {
    HttpResponse<String> doc = new TestHttp(server.getURI()).get("/swagger/darkroom-api-v1.yml");

    assertThat(doc.statusCode()).isEqualTo(200);
    assertThat(doc.body())
        .contains("/api/v1/images/actions/upload-url:")
        .contains("/api/v1/images/actions/upload-form:")
        .contains("/api/v1/images/actions/process:")
        .contains("/api/v1/images/actions/upload:")
        .contains("/api/v1/images/{uuid}:")
        .contains("/api/v1/images/{uuid}/renditions/{name}:")
        .contains("/api/v1/images/{uuid}/original:")
        .contains("/api/v1/collections:")
        .contains("/api/v1/collections/{uuid}:")
        .contains("/api/v1/collections/{uuid}/relationships/images:")
        .contains("application/problem+json")
        .contains("Problem:");
  }

  /**
   * The problem responses each operation declares (once each, through {@code ProblemResponses}):
   * status and the Problem schema as application/problem+json, as they were written by hand before.
   */
  @Test
  void shouldDocumentEveryOperationsProblemsWithTheProblemSchema() throws Exception {
    String yaml = new TestHttp(server.getURI()).get("/swagger/darkroom-api-v1.yml").body();
    Map<String, Map<String, Object>> paths =
        (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(yaml).get("paths");
    Map<String, Set<String>> expected = new TreeMap<>();
    expected.put("GET /api/v1/collections", Set.of("400"));
    expected.put("POST /api/v1/collections", Set.of("400"));
    expected.put("GET /api/v1/collections/{uuid}", Set.of("400", "404"));
    expected.put("GET /api/v1/collections/{uuid}/images", Set.of("400", "404"));
    expected.put("DELETE /api/v1/collections/{uuid}", Set.of("400", "404", "409"));
    expected.put("PATCH /api/v1/collections/{uuid}", Set.of("400", "404"));
    expected.put(
        "POST /api/v1/collections/{uuid}/relationships/images", Set.of("400", "404", "409"));
    expected.put(
        "DELETE /api/v1/collections/{uuid}/relationships/images", Set.of("400", "404", "409"));
    expected.put("GET /api/v1/images", Set.of("400"));
    expected.put("POST /api/v1/images/actions/process", Set.of("404", "409", "413", "415"));
    expected.put("POST /api/v1/images/actions/upload", Set.of("400", "413", "415", "422"));
    expected.put("POST /api/v1/images/actions/upload-form", Set.of("400", "413", "415"));
    expected.put("GET /api/v1/images/actions/upload-url", Set.of("400", "413"));
    expected.put("GET /api/v1/images/{uuid}", Set.of("404"));
    expected.put("DELETE /api/v1/images/{uuid}", Set.of("404"));
    expected.put("POST /api/v1/images/{uuid}/actions/retry", Set.of("404", "409"));
    expected.put("GET /api/v1/images/{uuid}/original", Set.of("404"));
    expected.put("GET /api/v1/images/{uuid}/renditions/{name}", Set.of("404"));
    expected.put("POST /api/v1/images/actions/import", Set.of("400"));
    expected.put("GET /api/v1/imports", Set.of("400"));
    expected.put("POST /api/v1/imports", Set.of("400", "413"));
    expected.put("GET /api/v1/imports/{id}", Set.of("400", "404"));
    expected.put("GET /api/v1/imports/{id}/rows", Set.of("400", "404"));
    expected.put("GET /api/v1/imports/{id}/output.csv", Set.of("400", "404"));
    expected.put("GET /api/v1/uploads/s3/params", Set.of("400", "413", "415"));
    expected.put("POST /api/v1/uploads/s3/multipart", Set.of("400", "413", "415"));
    expected.put("GET /api/v1/uploads/s3/multipart/{uploadId}", Set.of("400", "404"));
    expected.put("DELETE /api/v1/uploads/s3/multipart/{uploadId}", Set.of("400", "404"));
    expected.put("GET /api/v1/uploads/s3/multipart/{uploadId}/batch", Set.of("400", "404"));
    expected.put("GET /api/v1/uploads/s3/multipart/{uploadId}/{partNumber}", Set.of("400", "404"));
    expected.put(
        "POST /api/v1/uploads/s3/multipart/{uploadId}/complete",
        Set.of("400", "404", "409", "413", "415"));
    expected.put("GET /api/v1/uploads/limits", Set.of());
    expected.put("GET /api/v1/monitor", Set.of());
    expected.put("GET /api/v1/webhooks", Set.of("400"));
    expected.put("POST /api/v1/webhooks", Set.of("400"));
    expected.put("GET /api/v1/webhooks/{id}", Set.of("400", "404"));
    expected.put("PATCH /api/v1/webhooks/{id}", Set.of("400", "404"));
    expected.put("DELETE /api/v1/webhooks/{id}", Set.of("400", "404"));
    expected.put("POST /api/v1/webhooks/{id}/actions/rotate-secret", Set.of("400", "404"));
    expected.put("GET /api/v1/webhooks/{id}/deliveries", Set.of("400", "404"));
    expected.put(
        "POST /api/v1/webhooks/{id}/deliveries/{messageId}/actions/retry", Set.of("400", "404"));

    // and 401 on every one: each needs a token when auth is on
    expected.replaceAll(
        (operation, problems) -> {
          Set<String> withAuth = new TreeSet<>(problems);
          withAuth.add("401");
          return withAuth;
        });
    Map<String, Set<String>> documented = new TreeMap<>();
    paths.forEach(
        (path, operations) ->
            operations.forEach(
                (method, operation) -> {
                  Map<String, Map<String, Object>> responses =
                      (Map<String, Map<String, Object>>)
                          ((Map<String, Object>) operation).get("responses");
                  Set<String> problems = new TreeSet<>();
                  responses.forEach(
                      (status, response) -> {
                        if (status.startsWith("4")) {
                          assertThat(response.toString())
                              .as(method + " " + path + " " + status)
                              .contains("application/problem+json")
                              .contains("#/components/schemas/Problem");
                          problems.add(status);
                        }
                      });
                  documented.put(method.toUpperCase(Locale.ROOT) + " " + path, problems);
                }));
    assertThat(documented).isEqualTo(expected);
  }

  @Test
  void shouldServeTheCommittedDocument() throws Exception {
    HttpResponse<String> doc = new TestHttp(server.getURI()).get("/swagger/darkroom-api-v1.yml");

    assertThat(doc.body()).isEqualTo(Files.readString(OpenApiDocumentTest.COMMITTED));
  }

  /**
   * Redocly's recommended rules (redocly.yaml), CLI pinned: a generator fed this document gets
   * types it can trust (string enums, declared security, servers, a 2xx for every operation).
   */
  @Test
  void shouldPassTheLinterWithoutAnyProblem() throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home"));
    Process lint =
        new ProcessBuilder(
                "npx",
                "--yes",
                "@redocly/cli@" + REDOCLY,
                "lint",
                "--config",
                "redocly.yaml",
                "--format",
                "stylish",
                home.relativize(OpenApiDocumentTest.COMMITTED).toString())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(lint.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(lint.exitValue()).as(report).isZero();
    assertThat(report).as(report).doesNotContain("warning").doesNotContain("error");
  }

  @Test
  void shouldServeSwaggerUiAndLeadThereFromApiDocs() {
    TestHttp http = new TestHttp(server.getURI());
    HttpResponse<String> redirect = http.get("/api-docs");
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains("/swagger-ui/index.html");

    HttpResponse<String> ui = http.get("/swagger-ui/index.html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).containsIgnoringCase("swagger");
  }
}
