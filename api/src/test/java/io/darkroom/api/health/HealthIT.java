package io.darkroom.api.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  @Test
  void shouldBeUpWithDatabaseKafkaAndStorageReachable() throws Exception {
    HttpResponse<String> response = new TestHttp(server.getURI()).get("/health");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode details = json.readValue(response.body(), JsonNode.class).get("details");
    assertThat(status(details, "jdbc")).isEqualTo("UP");
    assertThat(status(details, "kafka")).isEqualTo("UP");
    assertThat(status(details, "storage")).isEqualTo("UP");
  }

  @Test
  void shouldBeDownAndNameStorageWhenTheS3ServerIsAway() throws Exception {
    stack().s3Server().stop();
    try {
      HttpResponse<String> response = new TestHttp(server.getURI()).get("/health");

      assertThat(response.statusCode()).isEqualTo(503);
      JsonNode body = json.readValue(response.body(), JsonNode.class);
      assertThat(body.get("status").getStringValue()).isEqualTo("DOWN");
      JsonNode details = body.get("details");
      assertThat(status(details, "storage")).isEqualTo("DOWN");
      assertThat(details.get("storage").get("details").get("error").getStringValue())
          .contains("unreachable");
      assertThat(status(details, "jdbc")).isEqualTo("UP");
      assertThat(status(details, "kafka")).isEqualTo("UP");

      HttpResponse<String> download =
          new TestHttp(server.getURI())
              .get("/api/v1/images/actions/upload-url?extension=jpg&size=1000");
      HttpResponse<String> upload =
          new TestHttp(server.getURI())
              .postMultipart(
                  "/api/v1/images/actions/upload",
                  TestHttp.Part.file("a.jpg", "image/jpeg", TestImages.jpeg(8, 8, Color.RED)));
      assertThat(download.statusCode())
          .as("presigning is local, it needs no storage")
          .isEqualTo(200);
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(503);
      assertThat(upload.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(json.readValue(upload.body(), JsonNode.class).get("type").getStringValue())
          .isEqualTo("https://darkroom.dev/problems/service-unavailable");
    } finally {
      stack().s3Server().start();
    }
    assertThat(new TestHttp(server.getURI()).get("/health").statusCode()).isEqualTo(200);
  }

  private static String status(JsonNode details, String component) {
    return details.get(component).get("status").getStringValue();
  }
}
