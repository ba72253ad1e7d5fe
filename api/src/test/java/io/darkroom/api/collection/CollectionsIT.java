package io.darkroom.api.collection;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.support.Problems.fields;
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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionsIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterAll
  void stopPool() {
    pool.shutdownNow();
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }

  @Test
  void shouldCreateWith201AndLocationAndCountImagesInTheList() throws Exception {
    String name = "Holidays " + UUID.randomUUID();
    HttpResponse<String> created =
        http()
            .postJson("/api/v1/collections", "{\"name\":\"" + name + "\",\"description\":\"sea\"}");

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Content-Type"))
        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    // a resource is answered bare (docs/adr/0001-response-envelope.md)
    JsonNode data = json.readValue(created.body(), JsonNode.class);
    UUID id = UUID.fromString(data.get("uuid").getStringValue());
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/collections/" + id);
    assertThat(data.get("name").getStringValue()).isEqualTo(name);
    assertThat(data.get("description").getStringValue()).isEqualTo("sea");
    assertThat(data.get("imageCount").getLongValue()).isZero();
    assertThat(data.get("createdAt").getStringValue()).isNotBlank();
    assertThat(data.get("updatedAt").getStringValue()).isNotBlank();

    assertThat(add(id, image(), image()).statusCode()).isEqualTo(204);

    JsonNode page = body(http().get("/api/v1/collections?search=" + name.substring(9)));
    assertThat(page.get("meta").get("total").getLongValue()).isEqualTo(1);
    assertThat(page.get("data").get(0).get("imageCount").getLongValue()).isEqualTo(2);
  }

  @Test
  void shouldGetACollectionAndPageItsImagesAsAListAndFilterImagesByIt() throws Exception {
    UUID c = collection();
    UUID x = image();
    UUID y = image();
    add(c, x, y);

    JsonNode detail = body(http().get("/api/v1/collections/" + c));
    assertThat(detail.get("uuid").getStringValue()).isEqualTo(c.toString());
    assertThat(detail.get("imageCount").getLongValue()).isEqualTo(2);
    assertThat(detail.get("images")).as("a resource embeds no list").isNull();

    JsonNode page = body(http().get("/api/v1/collections/" + c + "/images?limit=1"));
    assertThat(page.get("data").size()).isEqualTo(1);
    assertThat(page.get("meta").get("total").getLongValue()).isEqualTo(2);
    assertThat(page.get("meta").get("limit").getIntValue()).isEqualTo(1);
    assertThat(uuids(page.get("data"))).containsAnyOf(x, y);
    assertProblem(
        json, http().get("/api/v1/collections/" + UUID.randomUUID() + "/images"), 404, "not-found");

    JsonNode images = body(http().get("/api/v1/images?collectionId=" + c));
    assertThat(uuids(images.get("data"))).containsExactlyInAnyOrder(x, y);
    assertThat(images.get("data").get(0).get("collectionId").getStringValue())
        .isEqualTo(c.toString());
  }

  @Test
  void shouldStillReadTheDeprecatedRelationshipDocument() throws Exception {
    UUID c = collection();
    UUID x = image();

    HttpResponse<String> added =
        http()
            .postJson(
                "/api/v1/collections/" + c + "/relationships/images", deprecatedRelationships(x));

    assertThat(added.statusCode()).as(added.body()).isEqualTo(204);
    assertThat(count(c)).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnImageOfAnotherCollectionWith409AndChangeNothing() throws Exception {
    UUID a = collection();
    UUID b = collection();
    UUID x = image();
    UUID y = image();
    add(a, x);

    JsonNode problem = assertProblem(json, add(b, y, x), 409, "conflict");
    assertThat(problem.get("detail").getStringValue()).contains(x.toString());
    assertThat(count(b)).isZero();
    assertThat(add(a, x).statusCode())
        .as("adding again to its own collection is a no-op")
        .isEqualTo(204);
    assertThat(count(a)).isEqualTo(1);
  }

  @Test
  void shouldAnswer404AndChangeNothingWhenAnyIdIsUnknown() throws Exception {
    UUID c = collection();
    UUID y = image();

    assertProblem(json, add(c, y, UUID.randomUUID()), 404, "not-found");
    assertThat(count(c)).isZero();
    assertProblem(json, add(UUID.randomUUID(), y), 404, "not-found");
    assertProblem(json, remove(UUID.randomUUID(), y), 404, "not-found");
    assertProblem(json, http().get("/api/v1/collections/" + UUID.randomUUID()), 404, "not-found");
    assertProblem(json, patch(UUID.randomUUID(), "{\"name\":\"Fine name\"}"), 404, "not-found");
    assertProblem(
        json, http().delete("/api/v1/collections/" + UUID.randomUUID()), 404, "not-found");
  }

  @Test
  void shouldRemoveImagesAndRefuseToRemoveOneFromAnotherCollection() throws Exception {
    UUID a = collection();
    UUID b = collection();
    UUID x = image();
    add(a, x);

    assertProblem(json, remove(b, x), 409, "conflict");
    assertThat(count(a)).isEqualTo(1);
    assertThat(remove(a, x).statusCode()).isEqualTo(204);
    assertThat(count(a)).isZero();
    assertThat(remove(a, x).statusCode()).as("an image in no collection is a no-op").isEqualTo(204);
  }

  @Test
  void shouldDeleteOnlyAnEmptyCollection() throws Exception {
    UUID c = collection();
    UUID x = image();
    add(c, x);

    assertProblem(json, http().delete("/api/v1/collections/" + c), 409, "conflict");
    remove(c, x);
    HttpResponse<String> deleted = http().delete("/api/v1/collections/" + c);
    assertThat(deleted.statusCode()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertProblem(json, http().get("/api/v1/collections/" + c), 404, "not-found");
  }

  @Test
  void shouldTakeAnImageOutOfItsCollectionWhenTheImageIsDeleted() throws Exception {
    UUID c = collection();
    UUID x = image();
    add(c, x);

    assertThat(http().delete("/api/v1/images/" + x).statusCode()).isEqualTo(204);
    assertThat(count(c)).isZero();
    assertThat(http().delete("/api/v1/collections/" + c).statusCode()).isEqualTo(204);
  }

  @Test
  void shouldPatchAndValidateNamesAndBodies() throws Exception {
    UUID c = collection();

    JsonNode patched = body(patch(c, "{\"name\":\"Renamed\",\"description\":\"new\"}"));
    assertThat(patched.get("name").getStringValue()).isEqualTo("Renamed");
    assertThat(patched.get("description").getStringValue()).isEqualTo("new");
    JsonNode cleared = body(patch(c, "{\"description\":\"\"}"));
    assertThat(cleared.get("name").getStringValue()).isEqualTo("Renamed");
    assertThat(cleared.get("description").isNull()).isTrue();

    assertThat(fields(assertProblem(json, patch(c, "{\"name\":\"x\"}"), 400, "validation")))
        .containsExactly("name");
    assertThat(
            fields(
                assertProblem(
                    json, http().postJson("/api/v1/collections", "{}"), 400, "validation")))
        .containsExactly("name");
    String tooLong = "n".repeat(256);
    assertThat(
            fields(
                assertProblem(
                    json,
                    http().postJson("/api/v1/collections", "{\"name\":\"" + tooLong + "\"}"),
                    400,
                    "validation")))
        .containsExactly("name");
    assertThat(
            fields(
                assertProblem(
                    json,
                    http()
                        .postJson(
                            "/api/v1/collections/" + c + "/relationships/images",
                            "{\"data\":[{\"type\":\"videos\",\"uuid\":\""
                                + UUID.randomUUID()
                                + "\"}]}"),
                    400,
                    "validation")))
        .containsExactly("data[0].type");
    assertThat(
            fields(
                assertProblem(
                    json,
                    http()
                        .postJson(
                            "/api/v1/collections/" + c + "/relationships/images",
                            "{\"imageIds\":[]}"),
                    400,
                    "validation")))
        .containsExactly("imageIds");
    assertThat(
            fields(
                assertProblem(
                    json,
                    http().postJson("/api/v1/collections/" + c + "/relationships/images", "{}"),
                    400,
                    "validation")))
        .containsExactly("imageIds");
    assertThat(
            fields(
                assertProblem(
                    json, http().get("/api/v1/collections?limit=500"), 400, "validation")))
        .containsExactly("limit");
  }

  @Test
  void shouldPutAnImageAddedToTwoCollectionsAtOnceInExactlyOne() throws Exception {
    for (int round = 0; round < 10; round++) {
      UUID a = collection();
      UUID b = collection();
      UUID x = image();

      List<Integer> statuses = race(() -> add(a, x).statusCode(), () -> add(b, x).statusCode());

      assertThat(statuses).containsExactlyInAnyOrder(204, 409);
      assertThat(count(a) + count(b)).isEqualTo(1);
    }
  }

  @Test
  void shouldNeverDeleteACollectionThatImagesAreBeingAddedTo() throws Exception {
    for (int round = 0; round < 10; round++) {
      UUID c = collection();
      UUID x = image();

      List<Integer> statuses =
          race(
              () -> add(c, x).statusCode(),
              () -> http().delete("/api/v1/collections/" + c).statusCode());

      int added = statuses.get(0);
      int deleted = statuses.get(1);
      if (deleted == 204) {
        assertThat(added).isEqualTo(404);
        assertThat(body(http().get("/api/v1/images/" + x)).get("collectionId").isNull()).isTrue();
      } else {
        assertThat(deleted).isEqualTo(409);
        assertThat(added).isEqualTo(204);
        assertThat(count(c)).isEqualTo(1);
      }
    }
  }

  /** Starts both requests at the same instant and returns their results in order. */
  private List<Integer> race(Supplier<Integer> first, Supplier<Integer> second) {
    CountDownLatch start = new CountDownLatch(1);
    List<CompletableFuture<Integer>> results = new ArrayList<>();
    for (Supplier<Integer> request : List.of(first, second)) {
      results.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                return request.get();
              },
              pool));
    }
    start.countDown();
    return results.stream().map(CompletableFuture::join).collect(Collectors.toList());
  }

  private UUID collection() throws Exception {
    HttpResponse<String> created =
        http()
            .postJson("/api/v1/collections", "{\"name\":\"Collection " + UUID.randomUUID() + "\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    return UUID.fromString(body(created).get("uuid").getStringValue());
  }

  private UUID image() throws Exception {
    HttpResponse<String> response =
        http()
            .postMultipart(
                "/api/v1/images/actions/upload",
                Part.file("c.jpg", "image/jpeg", TestImages.jpeg(8, 8, Color.GRAY)));
    assertThat(response.statusCode()).isEqualTo(202);
    return UUID.fromString(body(response).get("uuid").getStringValue());
  }

  private long count(UUID collection) throws Exception {
    return body(http().get("/api/v1/collections/" + collection)).get("imageCount").getLongValue();
  }

  private HttpResponse<String> add(UUID collection, UUID... images) {
    return http()
        .postJson(
            "/api/v1/collections/" + collection + "/relationships/images", relationships(images));
  }

  private HttpResponse<String> remove(UUID collection, UUID... images) {
    return http()
        .send(
            HttpRequest.newBuilder(
                    server
                        .getURI()
                        .resolve("/api/v1/collections/" + collection + "/relationships/images"))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(relationships(images)))
                .build());
  }

  private HttpResponse<String> patch(UUID collection, String body) {
    return http().patchJson("/api/v1/collections/" + collection, body);
  }

  private static String relationships(UUID... images) {
    return "{\"imageIds\":["
        + Arrays.stream(images).map(id -> "\"" + id + "\"").collect(Collectors.joining(","))
        + "]}";
  }

  /** The relationship document of 0.1, still read until 0.3 (docs/adr/0001). */
  private static String deprecatedRelationships(UUID... images) {
    return "{\"data\":["
        + Arrays.stream(images)
            .map(id -> "{\"type\":\"images\",\"uuid\":\"" + id + "\"}")
            .collect(Collectors.joining(","))
        + "]}";
  }

  private JsonNode body(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return json.readValue(response.body(), JsonNode.class);
  }

  private static List<UUID> uuids(JsonNode array) {
    List<UUID> ids = new ArrayList<>();
    array.values().forEach(n -> ids.add(UUID.fromString(n.get("uuid").getStringValue())));
    return ids;
  }
}
