package io.darkroom.api.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.TestHttp;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client of the resumable-upload endpoints with a plain HTTP client, as a browser is: no S3 SDK.
 */
final class MultipartParts {
  static final int MIB = 1024 * 1024;

  private final TestHttp api;
  private final ObjectMapper json;
  private final HttpClient storage = HttpClient.newHttpClient();

  MultipartParts(TestHttp api, ObjectMapper json) {
    this.api = api;
    this.json = json;
  }

  static byte[] slice(byte[] file, int from, int to) {
    return Arrays.copyOfRange(file, from, Math.min(to, file.length));
  }

  JsonNode create(String filename, String type) throws IOException {
    HttpResponse<String> created =
        api.postJson(
            "/api/v1/uploads/s3/multipart",
            "{\"filename\":\"" + filename + "\",\"type\":\"" + type + "\",\"metadata\":{}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return read(created);
  }

  String sign(JsonNode upload, int part) throws IOException {
    HttpResponse<String> signed =
        api.get(
            "/api/v1/uploads/s3/multipart/"
                + upload.get("uploadId").getStringValue()
                + "/"
                + part
                + "?key="
                + encoded(upload.get("key").getStringValue()));
    assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
    return read(signed).get("url").getStringValue();
  }

  /** PUTs a part to its presigned URL; the storage's answer (its ETag header on success). */
  HttpResponse<String> put(String url, byte[] part) {
    try {
      return storage.send(
          HttpRequest.newBuilder(URI.create(url))
              .PUT(HttpRequest.BodyPublishers.ofByteArray(part))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Signs and PUTs one part; its ETag. */
  String upload(JsonNode upload, int part, byte[] bytes) throws IOException {
    HttpResponse<String> put = put(sign(upload, part), bytes);
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return put.headers().firstValue("ETag").orElseThrow();
  }

  HttpResponse<String> list(JsonNode upload) {
    return api.get(
        "/api/v1/uploads/s3/multipart/"
            + upload.get("uploadId").getStringValue()
            + "?key="
            + encoded(upload.get("key").getStringValue()));
  }

  HttpResponse<String> complete(JsonNode upload, String partsJson) {
    return api.postJson(
        "/api/v1/uploads/s3/multipart/"
            + upload.get("uploadId").getStringValue()
            + "/complete?key="
            + encoded(upload.get("key").getStringValue()),
        "{\"parts\":" + partsJson + "}");
  }

  HttpResponse<String> abort(JsonNode upload) {
    return api.delete(
        "/api/v1/uploads/s3/multipart/"
            + upload.get("uploadId").getStringValue()
            + "?key="
            + encoded(upload.get("key").getStringValue()));
  }

  static String part(int number, String etag) {
    return "{\"PartNumber\":" + number + ",\"ETag\":" + quoted(etag) + "}";
  }

  private static String quoted(String etag) {
    return "\"" + etag.replace("\"", "\\\"") + "\"";
  }

  static String encoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  JsonNode read(HttpResponse<String> response) throws IOException {
    return json.readValue(response.body(), JsonNode.class);
  }
}
