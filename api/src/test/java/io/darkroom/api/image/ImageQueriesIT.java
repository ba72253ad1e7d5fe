package io.darkroom.api.image;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.ObjectKeys;
import io.darkroom.stack.EmbeddedStack;
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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImageQueriesIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldPageSortAndSearchTheOwnersImagesWithTheTotal() throws Exception {
    String tag = "q" + UUID.randomUUID().toString().substring(0, 8);
    for (String name : List.of("c-" + tag + ".jpg", "a-" + tag + ".jpg", "b-" + tag + ".jpg")) {
      upload(name);
    }

    JsonNode first = list("?search=" + tag + "&sortBy=filename&sort=asc&limit=2&page=1");
    assertThat(names(first)).containsExactly("a-" + tag + ".jpg", "b-" + tag + ".jpg");
    assertThat(first.get("meta").get("total").getLongValue()).isEqualTo(3);
    assertThat(first.get("meta").get("page").getIntValue()).isEqualTo(1);
    assertThat(first.get("meta").get("limit").getIntValue()).isEqualTo(2);

    JsonNode second = list("?search=" + tag + "&sortBy=filename&sort=asc&limit=2&page=2");
    assertThat(names(second)).containsExactly("c-" + tag + ".jpg");

    JsonNode newestFirst = list("?search=" + tag.toUpperCase());
    assertThat(names(newestFirst))
        .containsExactly("b-" + tag + ".jpg", "a-" + tag + ".jpg", "c-" + tag + ".jpg");
  }

  @Test
  void shouldFilterByStatusAndTreatSearchWildcardsLiterally() throws Exception {
    String tag = "s" + UUID.randomUUID().toString().substring(0, 8);
    upload("pending-" + tag + ".jpg");

    assertThat(names(list("?search=" + tag + "&status=pending"))).hasSize(1);
    assertThat(names(list("?search=" + tag + "&status=succeeded"))).isEmpty();
    assertThat(list("?search=%25%25%25").get("meta").get("total").getLongValue()).isZero();
  }

  @Test
  void shouldAnswer400NamingInvalidQueryParameters() {
    assertThat(
            fields(assertProblem(json, http().get("/api/v1/images?limit=101"), 400, "validation")))
        .containsExactly("limit");
    assertThat(
            fields(
                assertProblem(json, http().get("/api/v1/images?sort=sideways"), 400, "validation")))
        .containsExactly("sort");
    assertThat(
            fields(
                assertProblem(json, http().get("/api/v1/images?status=lost"), 400, "validation")))
        .containsExactly("status");
    assertProblem(json, http().get("/api/v1/images?page=zero"), 400, "validation");
  }

  @Test
  void shouldDeleteTheRowAndEveryObjectOfTheImage() throws Exception {
    UUID id = upload("doomed.jpg");
    assertThat(objects(EmbeddedStack.UPLOADS_BUCKET, id)).isNotEmpty();

    HttpResponse<String> deleted = http().delete("/api/v1/images/" + id);

    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(json, http().get("/api/v1/images/" + id), 404, "not-found");
    assertThat(objects(EmbeddedStack.UPLOADS_BUCKET, id)).isEmpty();
    assertThat(objects(EmbeddedStack.PROCESSED_BUCKET, id)).isEmpty();
    HttpResponse<String> again = http().delete("/api/v1/images/" + id);
    assertProblem(json, again, 404, "not-found");
  }

  @Test
  void shouldAnswer404ForRenditionsAndOriginalsThatDoNotExist() {
    UUID unknown = UUID.randomUUID();
    assertProblem(
        json, http().get("/api/v1/images/" + unknown + "/renditions/thumbnail"), 404, "not-found");
    assertProblem(json, http().get("/api/v1/images/" + unknown + "/original"), 404, "not-found");
  }

  /** For a browser app that fetches with a token: the link as JSON instead of the redirect. */
  @Test
  void shouldAnswerTheDownloadLinkAsJsonWhenAskedAndRedirectOtherwise() throws Exception {
    UUID id = upload("link.jpg");
    String path = "/api/v1/images/" + id + "/original";

    HttpResponse<String> redirect = http().get(path);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .get()
        .asString()
        .contains("X-Amz-Signature");

    HttpResponse<String> link =
        http()
            .send(
                HttpRequest.newBuilder(server.getURI().resolve(path))
                    .header("Accept", "application/json")
                    .GET()
                    .build());
    assertThat(link.statusCode()).as(link.body()).isEqualTo(200);
    JsonNode body = json.readValue(link.body(), JsonNode.class);
    assertThat(body.get("url").getStringValue())
        .contains("X-Amz-Signature")
        .contains(id.toString());
    assertThat(Instant.parse(body.get("expiresAt").getStringValue())).isAfter(Instant.now());

    HttpResponse<String> anything =
        http()
            .send(
                HttpRequest.newBuilder(server.getURI().resolve(path))
                    .header("Accept", "*/*")
                    .GET()
                    .build());
    assertThat(anything.statusCode()).as("curl's */* keeps the redirect").isEqualTo(302);
  }

  private UUID upload(String filename) throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file(filename, "image/jpeg", TestImages.jpeg(20, 20, Color.CYAN)));
    assertThat(response.statusCode()).isEqualTo(202);
    return UUID.fromString(
        json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue());
  }

  private JsonNode list(String query) throws Exception {
    HttpResponse<String> response = http().get("/api/v1/images" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json.readValue(response.body(), JsonNode.class);
  }

  private static List<String> names(JsonNode page) {
    List<String> names = new ArrayList<>();
    page.get("data").values().forEach(image -> names.add(image.get("filename").getStringValue()));
    return names;
  }

  private List<String> objects(String bucket, UUID id) throws Exception {
    return stack().objectKeys(bucket, ObjectKeys.imagePrefix("local", id));
  }
}
