package io.darkroom.api.owner;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With authentication on, every endpoint needs a valid token and each owner only ever sees their
 * own data.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIT implements EmbeddedStackSupport {
  private static final String SECRET = "auth-it-secret-that-is-long-enough-for-hs256";
  private static final String ISSUER = "https://idp.example.test/";
  private static final String AUDIENCE = "darkroom-api";

  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @Override
  public Map<String, String> extraProperties() {
    return Map.of(
        "darkroom.auth.enabled",
        "true",
        "darkroom.auth.jwt-secret",
        SECRET,
        "darkroom.auth.issuer",
        ISSUER,
        "darkroom.auth.audience",
        AUDIENCE,
        // the packaged default, which the other tests relax
        "endpoints.health.details-visible",
        "AUTHENTICATED",
        "logger.levels.io.micronaut.security",
        "DEBUG",
        // Alice's webhook receiver (never called here) is on this machine
        "darkroom.webhooks.allowed-ranges",
        "127.0.0.1/32");
  }

  @Test
  void shouldAnswer401ProblemWithoutAValidToken() throws Exception {
    String expired = token("alice", SECRET, Instant.now().minusSeconds(60));
    String wrongKey =
        token(
            "alice",
            "another-secret-that-is-long-enough-for-hs256",
            Instant.now().plusSeconds(600));
    for (String authorization :
        new String[] {null, "Bearer not-a-jwt", "Bearer " + expired, "Bearer " + wrongKey}) {
      HttpResponse<String> response = send("GET", "/api/v1/images", authorization, null, null);
      assertProblem(json, response, 401, "unauthorized");
    }
    assertProblem(json, send("GET", "/api/v1/collections", null, null, null), 401, "unauthorized");
  }

  @Test
  void shouldRefuseTokensWithoutExpiryNotYetValidOrForAnotherIssuerOrAudience() throws Exception {
    Instant later = Instant.now().plusSeconds(600);
    String[] refused = {
      sign(claims("alice").expirationTime(null).build(), SECRET),
      sign(claims("alice").notBeforeTime(Date.from(later)).build(), SECRET),
      sign(claims("alice").issuer("https://evil.example.test/").build(), SECRET),
      sign(claims("alice").audience("another-app").build(), SECRET),
      sign(claims("alice").issuer(null).build(), SECRET)
    };
    for (String token : refused) {
      assertProblem(
          json, send("GET", "/api/v1/images", "Bearer " + token, null, null), 401, "unauthorized");
    }
    assertThat(
            send(
                    "GET",
                    "/api/v1/images",
                    "Bearer " + sign(claims("alice").build(), SECRET),
                    null,
                    null)
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldAnswerUpOrDownToAnyoneButShowDetailsAndMetricsOnlyWithAToken() throws Exception {
    String token = "Bearer " + token("alice", SECRET, Instant.now().plusSeconds(600));
    HttpResponse<String> anonymous = send("GET", "/health", null, null, null);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.body()).contains("\"status\":\"UP\"").doesNotContain("jdbc");
    assertThat(send("GET", "/health/liveness", null, null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health/readiness", null, null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/health", token, null, null).body()).contains("jdbc", "kafka");

    assertProblem(json, send("GET", "/prometheus", null, null, null), 401, "unauthorized");
    assertThat(send("GET", "/prometheus", token, null, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/swagger/darkroom-api-v1.yml", null, null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api-docs", null, null, null).statusCode()).isEqualTo(302);
  }

  @Test
  void shouldServeTheConsoleToAnyoneAndKeepEverythingItShowsBehindAToken() throws Exception {
    String token = "Bearer " + token("alice", SECRET, Instant.now().plusSeconds(600));
    for (String page : List.of("/ui/", "/ui/gallery.html", "/ui/js/console.js")) {
      HttpResponse<String> anonymous = send("GET", page, null, null, null);
      assertThat(anonymous.statusCode()).as(page).isEqualTo(200);
      assertThat(anonymous.headers().firstValue("Content-Security-Policy")).isPresent();
    }
    assertThat(send("GET", "/", null, null, null).headers().firstValue("Location"))
        .contains("/ui/");
    for (String data : List.of("/api/v1/uploads/limits", "/api/v1/monitor")) {
      assertProblem(json, send("GET", data, null, null, null), 401, "unauthorized");
      assertThat(send("GET", data, token, null, null).statusCode()).as(data).isEqualTo(200);
    }
  }

  @Test
  void shouldShowEveryOwnerOnlyTheirOwnImagesCollectionsWebhooksAndImports() throws Exception {
    String alice = "Bearer " + token("alice", SECRET, Instant.now().plusSeconds(600));
    String bob = "Bearer " + token("bob", SECRET, Instant.now().plusSeconds(600));

    UUID image = UUID.fromString(body(upload(alice)).get("uuid").getStringValue());
    UUID collection =
        UUID.fromString(
            body(send(
                    "POST",
                    "/api/v1/collections",
                    alice,
                    "application/json",
                    "{\"name\":\"Alice's\"}"))
                .get("uuid")
                .getStringValue());
    UUID bobsCollection =
        UUID.fromString(
            body(send(
                    "POST", "/api/v1/collections", bob, "application/json", "{\"name\":\"Bob's\"}"))
                .get("uuid")
                .getStringValue());
    String relationship = "{\"imageIds\":[\"" + image + "\"]}";
    UUID awaiting =
        UUID.fromString(
            body(send(
                    "GET",
                    "/api/v1/images/actions/upload-url?extension=jpg&size=1000",
                    alice,
                    null,
                    null))
                .get("uuid")
                .getStringValue());

    String webhook =
        body(send(
                "POST",
                "/api/v1/webhooks",
                alice,
                "application/json",
                "{\"url\":\"http://127.0.0.1:9/hook\",\"events\":[\"image.failed\"]}"))
            .get("id")
            .getStringValue();

    JsonNode multipart =
        body(
            send(
                "POST",
                "/api/v1/uploads/s3/multipart",
                alice,
                "application/json",
                "{\"filename\":\"pano.png\",\"type\":\"image/png\"}"));
    String uploadId = multipart.get("uploadId").getStringValue();
    String key = URLEncoder.encode(multipart.get("key").getStringValue(), StandardCharsets.UTF_8);

    HttpResponse<String> imported = importCsv(alice);
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
    String csvImport = body(imported).get("id").getStringValue();

    // Alice sees hers
    assertThat(send("GET", "/api/v1/images/" + image, alice, null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/imports/" + csvImport, alice, null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/webhooks/" + webhook, alice, null, null).statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/collections/" + collection, alice, null, null).statusCode())
        .isEqualTo(200);

    // Bob gets 404 for every one of Alice's ids, on every endpoint
    for (String[] call :
        new String[][] {
          {"GET", "/api/v1/images/" + image, null},
          {"GET", "/api/v1/images/" + image + "/original", null},
          {"GET", "/api/v1/images/" + image + "/renditions/thumbnail", null},
          {"DELETE", "/api/v1/images/" + image, null},
          {"POST", "/api/v1/images/" + image + "/actions/retry", ""},
          {
            "POST",
            "/api/v1/images/actions/process",
            "{\"uuid\":\"" + awaiting + "\",\"filename\":\"x.jpg\"}"
          },
          {"GET", "/api/v1/collections/" + collection, null},
          {"PATCH", "/api/v1/collections/" + collection, "{\"name\":\"Bob was here\"}"},
          {"DELETE", "/api/v1/collections/" + collection, null},
          {"POST", "/api/v1/collections/" + collection + "/relationships/images", relationship},
          {"DELETE", "/api/v1/collections/" + collection + "/relationships/images", relationship},
          {"POST", "/api/v1/collections/" + bobsCollection + "/relationships/images", relationship},
          {"GET", "/api/v1/collections/" + collection + "/images", null},
          {"GET", "/api/v1/webhooks/" + webhook, null},
          {"PATCH", "/api/v1/webhooks/" + webhook, "{\"enabled\":false}"},
          {"DELETE", "/api/v1/webhooks/" + webhook, null},
          {"POST", "/api/v1/webhooks/" + webhook + "/actions/rotate-secret", ""},
          {"GET", "/api/v1/webhooks/" + webhook + "/deliveries", null},
          {"POST", "/api/v1/webhooks/" + webhook + "/deliveries/msg_x/actions/retry", ""},
          {"GET", "/api/v1/imports/" + csvImport, null},
          {"GET", "/api/v1/imports/" + csvImport + "/rows", null},
          {"GET", "/api/v1/imports/" + csvImport + "/output.csv", null},
          {"GET", "/api/v1/uploads/s3/multipart/" + uploadId + "?key=" + key, null},
          {"GET", "/api/v1/uploads/s3/multipart/" + uploadId + "/1?key=" + key, null},
          {
            "GET",
            "/api/v1/uploads/s3/multipart/" + uploadId + "/batch?partNumbers=1,2&key=" + key,
            null
          },
          {
            "POST",
            "/api/v1/uploads/s3/multipart/" + uploadId + "/complete?key=" + key,
            "{\"parts\":[{\"PartNumber\":1,\"ETag\":\"x\"}]}"
          },
          {"DELETE", "/api/v1/uploads/s3/multipart/" + uploadId + "?key=" + key, null},
        }) {
      HttpResponse<String> response =
          send(call[0], call[1], bob, call[2] == null ? null : "application/json", call[2]);
      assertProblem(json, response, 404, "not-found");
    }

    // and Bob's lists hold nothing of Alice's
    assertThat(
            body(send("GET", "/api/v1/imports", bob, null, null))
                .get("meta")
                .get("total")
                .getLongValue())
        .isZero();
    assertThat(
            body(send("GET", "/api/v1/webhooks", bob, null, null))
                .get("meta")
                .get("total")
                .getLongValue())
        .isZero();
    assertThat(
            body(send("GET", "/api/v1/images", bob, null, null))
                .get("meta")
                .get("total")
                .getLongValue())
        .isZero();
    assertThat(
            body(send("GET", "/api/v1/collections", bob, null, null))
                .get("meta")
                .get("total")
                .getLongValue())
        .isEqualTo(1);
    assertThat(
            body(send("GET", "/api/v1/images?collectionId=" + collection, bob, null, null))
                .get("meta")
                .get("total")
                .getLongValue())
        .isZero();

    // nothing Bob tried changed Alice's data
    assertThat(
            send(
                    "GET",
                    "/api/v1/uploads/s3/multipart/" + uploadId + "?key=" + key,
                    alice,
                    null,
                    null)
                .statusCode())
        .isEqualTo(200);
    assertThat(send("GET", "/api/v1/images/" + image, alice, null, null).statusCode())
        .isEqualTo(200);
    assertThat(
            body(send("GET", "/api/v1/collections/" + collection, alice, null, null))
                .get("name")
                .getStringValue())
        .isEqualTo("Alice's");
  }

  private HttpResponse<String> importCsv(String authorization) throws Exception {
    String boundary = "----auth" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n"
            + "Serial Number,Product Name,Input Image Urls\r\n"
            + "1,Mouse,https://img.example.com/a.jpeg\r\n"
            + "\r\n--"
            + boundary
            + "--\r\n";
    return http.send(
        HttpRequest.newBuilder(server.getURI().resolve("/api/v1/imports"))
            .header("Authorization", authorization)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String authorization) throws Exception {
    String boundary = "----auth" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(TestImages.jpeg(10, 10, Color.PINK));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(server.getURI().resolve("/api/v1/images/actions/upload"))
            .header("Authorization", authorization)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(
      String method, String path, String authorization, String contentType, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.getURI() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode body(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return json.readValue(response.body(), JsonNode.class);
  }

  static String token(String subject, String secret, Instant expires) throws Exception {
    return sign(claims(subject).expirationTime(Date.from(expires)).build(), secret);
  }

  /** What a valid token of this deployment says: its issuer, its audience, 10 minutes of life. */
  private static JWTClaimsSet.Builder claims(String subject) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .issuer(ISSUER)
        .audience(AUDIENCE)
        .expirationTime(Date.from(Instant.now().plusSeconds(600)));
  }

  private static String sign(JWTClaimsSet claims, String secret) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
