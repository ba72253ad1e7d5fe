package io.darkroom.api.owner;

import static io.darkroom.api.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.darkroom.testkit.EmbeddedStackSupport;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tokens of an identity provider, checked against its JWKS URL (served here by a plain HTTP server,
 * as Keycloak would), with owners scoped by a tenant claim.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksAuthIT implements EmbeddedStackSupport {
  @Inject EmbeddedServer server;
  @Inject ObjectMapper json;

  private RSAKey idpKey;
  private HttpServer idp;

  @Override
  public Map<String, String> extraProperties() {
    try {
      idpKey = new RSAKeyGenerator(2048).keyID("idp-1").generate();
      byte[] jwks = new JWKSet(idpKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
      idp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      idp.createContext(
          "/certs",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
          });
      idp.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    return Map.of(
        "darkroom.auth.enabled", "true",
        "darkroom.auth.tenant-claim", "tid",
        "micronaut.security.token.jwt.signatures.jwks.idp.url",
            "http://127.0.0.1:" + idp.getAddress().getPort() + "/certs");
  }

  @AfterAll
  void stopIdp() {
    if (idp != null) {
      idp.stop(0);
    }
  }

  @Test
  void shouldAcceptTheProvidersTokensAndScopeOwnersByTenant() throws Exception {
    String acme = "Bearer " + token(idpKey, "alice", "acme");
    String globex = "Bearer " + token(idpKey, "alice", "globex");

    HttpResponse<String> created =
        send("POST", "/api/v1/collections", acme, "{\"name\":\"Acme's\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    UUID id =
        UUID.fromString(
            json.readValue(created.body(), JsonNode.class).get("uuid").getStringValue());

    assertThat(send("GET", "/api/v1/collections/" + id, acme, null).statusCode()).isEqualTo(200);
    // the same subject in another tenant is another owner
    assertProblem(json, send("GET", "/api/v1/collections/" + id, globex, null), 404, "not-found");
  }

  /**
   * Only the provider's keys verify tokens: an HS256 token signed with a secret (the development
   * one this repository once published, here) is refused, whatever it claims.
   */
  @Test
  void shouldRefuseAnHs256TokenWhenTheProvidersKeySetIsConfigured() throws Exception {
    SignedJWT hs256 =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("tid", "acme")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    hs256.sign(
        new MACSigner(
            "local-development-secret-change-me-0123456789".getBytes(StandardCharsets.UTF_8)));

    assertProblem(
        json,
        send("GET", "/api/v1/images", "Bearer " + hs256.serialize(), null),
        401,
        "unauthorized");
  }

  @Test
  void shouldRefuseTokensSignedByAnotherKeyOrWithoutTheTenant() throws Exception {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("idp-1").generate();
    assertProblem(
        json,
        send("GET", "/api/v1/images", "Bearer " + token(stranger, "alice", "acme"), null),
        401,
        "unauthorized");
    assertProblem(
        json,
        send("GET", "/api/v1/images", "Bearer " + token(idpKey, "alice", null), null),
        401,
        "unauthorized");
  }

  private HttpResponse<String> send(String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.getURI() + path))
            .header("Authorization", authorization)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(RSAKey key, String subject, String tenant) throws Exception {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .issuer("https://idp.example.test")
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    if (tenant != null) {
      claims.claim("tid", tenant);
    }
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
            claims.build());
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }
}
