package io.darkroom.api.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.stack.EmbeddedStackSupport;
import io.darkroom.stack.TestHttp;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT implements EmbeddedStackSupport {
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
