package io.darkroom.api.upload;

import static io.darkroom.api.support.Problems.assertProblem;
import static io.darkroom.api.upload.MultipartParts.MIB;
import static io.darkroom.api.upload.MultipartParts.part;
import static io.darkroom.api.upload.MultipartParts.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.darkroom.api.storage.ObjectStorage;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Resumable uploads against the real S3 server, the client side a plain HTTP client: parts PUT to
 * presigned URLs, listed, resumed, completed into a checked image sent for processing; expired URLs
 * re-signed; aborts that leave nothing behind.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultipartUploadIT implements EmbeddedStackSupport {
  private static final Pattern AMZ_DATE = Pattern.compile("X-Amz-Date=(\\d{8}T\\d{6}Z)");
  private static final Pattern AMZ_EXPIRES = Pattern.compile("X-Amz-Expires=(\\d+)");

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;
  @Inject ObjectStorage storage;

  private byte[] photo;

  @Override
  public Map<String, String> extraProperties() {
    // short enough to see a part URL expire within the test, long enough to PUT 5 MiB locally
    return Map.of("darkroom.upload.multipart.part-url-expiry", "6s");
  }

  @BeforeAll
  void makePhoto() {
    photo = TestImages.noisePng(12 * MIB);
  }

  @Test
  void shouldAssembleThreePartsIntoACheckedImageResumingAfterADisconnect() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("../../etc/panorama.png", "image/png");
    String imageId = upload.get("imageId").getStringValue();
    assertThat(upload.get("key").getStringValue())
        .as("the server chooses the key; the filename is not in it")
        .endsWith("/" + imageId + "/upload")
        .doesNotContain("panorama");
    assertThat(upload.get("bucket").getStringValue()).isEqualTo(storage.uploadsBucket());
    assertThat(read(http().get("/api/v1/images/" + imageId)).get("status").getStringValue())
        .isEqualTo("awaiting_upload");

    // parts 1 and 2, signed in one batch; then the client "disconnects"
    JsonNode batch =
        read(
            http()
                .get(
                    "/api/v1/uploads/s3/multipart/"
                        + upload.get("uploadId").getStringValue()
                        + "/batch?partNumbers=1,2&key="
                        + MultipartParts.encoded(upload.get("key").getStringValue())));
    String etag1 =
        client
            .put(batch.get("presignedUrls").get("1").getStringValue(), slice(photo, 0, 5 * MIB))
            .headers()
            .firstValue("ETag")
            .orElseThrow();
    String etag2 =
        client
            .put(
                batch.get("presignedUrls").get("2").getStringValue(),
                slice(photo, 5 * MIB, 10 * MIB))
            .headers()
            .firstValue("ETag")
            .orElseThrow();

    // resuming: what is there already, then the rest
    HttpResponse<String> listed = client.list(upload);
    assertThat(listed.statusCode()).isEqualTo(200);
    List<JsonNode> parts = new java.util.ArrayList<>();
    read(listed).values().forEach(parts::add);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).get("PartNumber").getIntValue()).isEqualTo(1);
    assertThat(parts.get(0).get("Size").getLongValue()).isEqualTo(5L * MIB);
    assertThat(parts.get(1).get("ETag").getStringValue().replace("\"", ""))
        .isEqualTo(etag2.replace("\"", ""));
    String etag3 = client.upload(upload, 3, slice(photo, 10 * MIB, photo.length));

    HttpResponse<String> completed =
        client.complete(
            upload, "[" + part(1, etag1) + "," + part(2, etag2) + "," + part(3, etag3) + "]");

    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    JsonNode done = read(completed);
    assertThat(done.get("imageId").getStringValue()).isEqualTo(imageId);
    assertThat(done.get("location").getStringValue()).isEqualTo("/api/v1/images/" + imageId);
    JsonNode image = read(http().get("/api/v1/images/" + imageId));
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");
    assertThat(image.get("bytes").getLongValue()).isEqualTo(photo.length);
    assertThat(image.get("contentType").getStringValue()).isEqualTo("image/png");
    assertThat(image.get("filename").getStringValue()).isEqualTo("panorama.png");
    assertThat(image.get("width").getIntValue()).isPositive();
    assertThat(client.list(upload).statusCode())
        .as("the upload id is spent once completed")
        .isEqualTo(404);
  }

  /**
   * The api assembled the parts and stopped before the image was recorded (killed, the database
   * away): the client's retry of complete finishes from the assembled file.
   */
  @Test
  void shouldFinishACompletionCutShortAfterStorageAssembledTheParts() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("interrupted.png", "image/png");
    String etag1 = client.upload(upload, 1, slice(photo, 0, 5 * MIB));
    String etag2 = client.upload(upload, 2, slice(photo, 5 * MIB, photo.length));
    String key = upload.get("key").getStringValue();
    String uploadId = upload.get("uploadId").getStringValue();
    storage.completeMultipartUpload(
        storage.uploadsBucket(),
        key,
        uploadId,
        storage.listParts(storage.uploadsBucket(), key, uploadId).orElseThrow());

    HttpResponse<String> retried =
        client.complete(upload, "[" + part(1, etag1) + "," + part(2, etag2) + "]");

    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
    JsonNode image = read(http().get("/api/v1/images/" + upload.get("imageId").getStringValue()));
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");
    assertThat(image.get("bytes").getLongValue()).isEqualTo(photo.length);
  }

  @Test
  void shouldAnswer403ToAnExpiredPartUrlAndTakeThePartAfterSigningAgain() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("late.png", "image/png");
    String url = client.sign(upload, 1);
    Instant expires = expiryOf(url);

    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> Instant.now().isAfter(expires.plusSeconds(1)));
    // a small body: storage refuses before reading it, and closes a connection under a body it did
    // not read, which a client would meet on its next PUT
    HttpResponse<String> late = client.put(url, slice(photo, 0, 1024));

    assertThat(late.statusCode()).as(late.body()).isEqualTo(403);
    assertThat(read(client.list(upload)).size()).as("nothing was stored").isZero();
    String etag = client().upload(upload, 1, slice(photo, 0, 5 * MIB));
    assertThat(etag).isNotBlank();
    assertThat(client.abort(upload).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAbortRemovingThePartsAndTheImage() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("abandoned.png", "image/png");
    client.upload(upload, 1, slice(photo, 0, 5 * MIB));

    HttpResponse<String> aborted = client.abort(upload);

    assertThat(aborted.statusCode()).isEqualTo(200);
    assertThat(aborted.body()).isEqualTo("{}");
    assertThat(
            storage
                .listParts(
                    storage.uploadsBucket(),
                    upload.get("key").getStringValue(),
                    upload.get("uploadId").getStringValue())
                .orElse(List.of()))
        .as("storage holds no part of it (MinIO forgets the upload, s3proxy lists none)")
        .isEmpty();
    assertProblem(
        json,
        http().get("/api/v1/images/" + upload.get("imageId").getStringValue()),
        404,
        "not-found");
    assertProblem(json, client.list(upload), 404, "not-found");
  }

  @Test
  void shouldRemoveWhatIsNotAnImageOnCompletion() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("fake.png", "image/png");
    byte[] garbage = new byte[5 * MIB + 10];
    new java.util.Random(1).nextBytes(garbage);
    String etag1 = client.upload(upload, 1, slice(garbage, 0, 5 * MIB));
    String etag2 = client.upload(upload, 2, slice(garbage, 5 * MIB, garbage.length));

    HttpResponse<String> completed =
        client.complete(upload, "[" + part(1, etag1) + "," + part(2, etag2) + "]");

    assertProblem(json, completed, 415, "unsupported-media-type");
    String prefix =
        upload
            .get("key")
            .getStringValue()
            .substring(0, upload.get("key").getStringValue().length() - "upload".length());
    assertThat(stack().objectKeys(storage.uploadsBucket(), prefix)).isEmpty();
    assertProblem(
        json,
        http().get("/api/v1/images/" + upload.get("imageId").getStringValue()),
        404,
        "not-found");
  }

  @Test
  void shouldRefuseWrongPartsWithTheFieldAndKeepTheUpload() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("small-parts.png", "image/png");
    String etag1 = client.upload(upload, 1, slice(photo, 0, 1024));
    String etag2 = client.upload(upload, 2, slice(photo, 1024, 2048));

    assertProblem(
        json, client.complete(upload, "[" + part(1, "\"nope\"") + "]"), 400, "validation");
    assertProblem(
        json,
        client.complete(upload, "[" + part(2, etag2) + "," + part(1, etag1) + "]"),
        400,
        "validation");
    JsonNode tooSmall =
        assertProblem(
            json,
            client.complete(upload, "[" + part(1, etag1) + "," + part(2, etag2) + "]"),
            400,
            "validation");
    assertThat(tooSmall.get("errors").get(0).get("message").getStringValue()).contains("5 MiB");
    assertThat(read(client.list(upload)).size()).as("the upload is still there").isEqualTo(2);
    client.abort(upload);
  }

  @Test
  void shouldAnswer404ForAnUploadIdWithAnotherKeyOrNone() throws Exception {
    MultipartParts client = client();
    JsonNode upload = client.create("mine.png", "image/png");
    String other = "0123456789abcdef0123456789abcdef/" + java.util.UUID.randomUUID() + "/upload";

    assertProblem(
        json,
        http()
            .get(
                "/api/v1/uploads/s3/multipart/"
                    + upload.get("uploadId").getStringValue()
                    + "/1?key="
                    + MultipartParts.encoded(other)),
        404,
        "not-found");
    assertProblem(
        json,
        http()
            .get(
                "/api/v1/uploads/s3/multipart/no-such-upload?key=" + MultipartParts.encoded(other)),
        404,
        "not-found");
    assertProblem(
        json,
        http()
            .postJson(
                "/api/v1/uploads/s3/multipart",
                "{\"filename\":\"a.svg\",\"type\":\"image/svg+xml\"}"),
        415,
        "unsupported-media-type");
    assertProblem(
        json,
        http()
            .postJson(
                "/api/v1/uploads/s3/multipart",
                "{\"filename\":\"a.png\",\"type\":\"image/png\",\"metadata\":{\"size\":"
                    + (600L * MIB)
                    + "}}"),
        413,
        "payload-too-large");
    client.abort(upload);
  }

  @Test
  void shouldHandASmallFileThePresignedPostForm() throws Exception {
    HttpResponse<String> params =
        http()
            .get(
                "/api/v1/uploads/s3/params?filename=small.png&type=image/png&metadata%5Bsize%5D=2048");

    assertThat(params.statusCode()).as(params.body()).isEqualTo(200);
    JsonNode form = read(params);
    assertThat(form.get("method").getStringValue()).isEqualTo("POST");
    assertThat(form.get("fields").get("key").getStringValue())
        .endsWith("/" + form.get("imageId").getStringValue() + "/upload");
    assertThat(form.get("expires").getLongValue()).isPositive();
  }

  @Test
  void shouldTellAClientTheFormatsAndLimitsBeforeItUploads() throws Exception {
    JsonNode limits = read(http().get("/api/v1/uploads/limits"));

    List<String> types = new java.util.ArrayList<>();
    limits.get("mediaTypes").values().forEach(t -> types.add(t.getStringValue()));
    assertThat(types)
        .contains("image/jpeg", "image/png", "image/webp")
        .doesNotContain("image/svg+xml");
    List<String> extensions = new java.util.ArrayList<>();
    limits.get("extensions").values().forEach(e -> extensions.add(e.getStringValue()));
    assertThat(extensions).contains(".jpg", ".jpeg", ".png", ".tiff");
    assertThat(limits.get("formMaxBytes").getLongValue()).isEqualTo(25L * MIB);
    assertThat(limits.get("multipartMaxBytes").getLongValue()).isEqualTo(500L * MIB);
    assertThat(limits.get("multipartThresholdBytes").getLongValue()).isEqualTo(16L * MIB);
    assertThat(limits.get("maxPixels").getLongValue()).isEqualTo(100_000_000L);
  }

  @Test
  void shouldRecordTheDescriptionGivenWhenTheUploadStarted() throws Exception {
    byte[] small = TestImages.noisePng(64 * 1024);
    HttpResponse<String> created =
        http()
            .postJson(
                "/api/v1/uploads/s3/multipart",
                "{\"filename\":\"described.png\",\"type\":\"image/png\","
                    + "\"metadata\":{\"size\":\""
                    + small.length
                    + "\",\"description\":\"Sent from the console\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode upload = read(created);
    MultipartParts client = client();
    String etag = client.upload(upload, 1, small);

    HttpResponse<String> completed = client.complete(upload, "[" + part(1, etag) + "]");

    assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
    JsonNode image = read(http().get("/api/v1/images/" + upload.get("imageId").getStringValue()));
    assertThat(image.get("description").getStringValue()).isEqualTo("Sent from the console");
    assertThat(image.get("status").getStringValue()).isEqualTo("pending");

    HttpResponse<String> tooLong =
        http()
            .postJson(
                "/api/v1/uploads/s3/multipart",
                "{\"filename\":\"a.png\",\"type\":\"image/png\",\"metadata\":{\"description\":\""
                    + "x".repeat(2001)
                    + "\"}}");
    assertProblem(json, tooLong, 400, "validation");
    assertThat(tooLong.body()).contains("metadata.description");
  }

  private static Instant expiryOf(String url) {
    Matcher date = AMZ_DATE.matcher(url);
    Matcher expires = AMZ_EXPIRES.matcher(url);
    assertThat(date.find() && expires.find()).as(url).isTrue();
    return java.time.LocalDateTime.parse(
            date.group(1), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        .toInstant(ZoneOffset.UTC)
        .plusSeconds(Long.parseLong(expires.group(1)));
  }

  private MultipartParts client() {
    return new MultipartParts(http(), json);
  }

  private JsonNode read(HttpResponse<String> response) throws Exception {
    return json.readValue(response.body(), JsonNode.class);
  }

  private TestHttp http() {
    return new TestHttp(server.getURI());
  }
}
