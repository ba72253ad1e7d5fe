package io.darkroom.api;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every endpoint that takes text checks it as it will be stored: trimmed names too short, control
 * characters and over-long values are 400 validation problems naming the field, never a 500 from a
 * database constraint.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TextInputIT implements EmbeddedStackSupport {
  private static final String CONTROL = "bad\\u0007bell";
  private static final String LONG_DESCRIPTION = "d".repeat(2001);

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldRefuseCollectionNamesAndDescriptionsThatCannotBeStored() throws Exception {
    for (String name : new String[] {" x", "  x  ", "\\t", CONTROL, "n".repeat(256)}) {
      assertField(
          http().postJson("/api/v1/collections", "{\"name\":\"" + name + "\"}"), "name", name);
    }
    assertField(
        http()
            .postJson(
                "/api/v1/collections",
                "{\"name\":\"Fine\",\"description\":\"" + LONG_DESCRIPTION + "\"}"),
        "description",
        "long");
    assertField(
        http()
            .postJson(
                "/api/v1/collections", "{\"name\":\"Fine\",\"description\":\"" + CONTROL + "\"}"),
        "description",
        "control");

    HttpResponse<String> created =
        http().postJson("/api/v1/collections", "{\"name\":\"  Trimmed name  \"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode data = json.readValue(created.body(), JsonNode.class); // a resource is bare
    assertThat(data.get("name").getStringValue()).isEqualTo("Trimmed name");
    String path = "/api/v1/collections/" + data.get("uuid").getStringValue();
    assertField(http().patchJson(path, "{\"name\":\" x\"}"), "name", "patch");
    assertField(
        http().patchJson(path, "{\"description\":\"" + CONTROL + "\"}"), "description", "p");
  }

  @Test
  void shouldRefuseUploadTextsThatCannotBeStoredOnEveryUploadPath() throws Exception {
    byte[] png = TestImages.png(8, 8, Color.RED);
    Function<String, HttpResponse<String>> multipart =
        description ->
            http()
                .postMultipart(
                    "/api/v1/images/actions/upload",
                    Part.field("description", description),
                    Part.file("a.png", "image/png", png));
    assertField(multipart.apply("bad" + (char) 7 + "bell"), "description", "mp");
    assertField(multipart.apply(LONG_DESCRIPTION), "description", "mp long");
    assertField(
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("f".repeat(256) + ".png", "image/png", png)),
        "file",
        "mp filename");

    String content = Base64.getEncoder().encodeToString(png);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(png));
    assertField(
        http()
            .postJson(
                "/api/v1/images/actions/upload",
                "{\"filename\":\"a.png\",\"content\":\""
                    + content
                    + "\",\"md5\":\""
                    + md5
                    + "\",\"description\":\""
                    + CONTROL
                    + "\"}"),
        "description",
        "base64");
    assertField(
        http()
            .postJson(
                "/api/v1/images/actions/upload-form",
                "{\"filename\":\""
                    + "f".repeat(256)
                    + "\",\"contentType\":\"image/png\",\"size\":10}"),
        "filename",
        "form");
    assertField(
        http()
            .postJson(
                "/api/v1/images/actions/process",
                "{\"uuid\":\"00000000-0000-0000-0000-000000000000\",\"filename\":\"a.png\","
                    + "\"description\":\""
                    + LONG_DESCRIPTION
                    + "\"}"),
        "description",
        "process");
    assertThat(http().get("/api/v1/images?search=" + "s".repeat(201)).statusCode()).isEqualTo(400);
    assertThat(http().get("/api/v1/collections?search=" + "s".repeat(201)).statusCode())
        .isEqualTo(400);
  }

  private void assertField(HttpResponse<String> response, String field, String what)
      throws Exception {
    JsonNode problem = assertProblem(json, response, 400, "validation");
    assertThat(problem.get("errors").size()).as(what).isPositive();
    // the errors name the field (bean validation prefixes it with the body's path)
    assertThat(response.body()).as(what).containsPattern("\"field\":\"[^\"]*" + field);
  }
}
