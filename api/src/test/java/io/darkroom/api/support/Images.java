package io.darkroom.api.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.schema.FailureCode;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.SourceFormat;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestImages;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import java.awt.Color;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image the api holds as pending (no worker runs in the api's tests), and its outcome. */
public final class Images {
  private Images() {}

  /** Uploads a 64x48 JPEG directly; the image waits as pending. */
  public static UUID uploadPending(URI api, ObjectMapper json) throws IOException {
    var response =
        new TestHttp(api)
            .postMultipart(
                "/api/v1/images/actions/upload",
                TestHttp.Part.file("red.jpg", "image/jpeg", TestImages.jpeg(64, 48, Color.RED)));
    assertThat(response.statusCode()).isEqualTo(202);
    return UUID.fromString(
        json.readValue(response.body(), JsonNode.class).get("uuid").getStringValue());
  }

  /** What a worker reports for that image: one 48x48 thumbnail. */
  public static ImageProcessed processed(UUID id) {
    return processed(id, "thumbnail", null);
  }

  /**
   * What a worker reports for an image of 64x48 JPEG: one rendition of that name; {@code
   * sourceBytes} the original's size as a worker reports it (null as older workers did).
   */
  public static ImageProcessed processed(UUID id, String rendition, Long sourceBytes) {
    return new ImageProcessed(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        UUID.randomUUID(),
        id,
        "local",
        new ImageProcessed.SourceInfo(64, 48, SourceFormat.JPEG, sourceBytes),
        List.of(
            new ImageProcessed.Rendition(
                rendition,
                "processed",
                "k/" + id + "/" + rendition + ".jpg",
                48,
                48,
                OutputFormat.JPEG,
                900)),
        new ImageProcessed.Timings(1, 2, 3, 4, 5, 15),
        Instant.now());
  }

  /** What a worker reports for an image it could not process. */
  public static ImageProcessingFailed failed(
      UUID id, FailureCode code, String detail, boolean retryable) {
    return new ImageProcessingFailed(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        UUID.randomUUID(),
        id,
        "local",
        code,
        detail,
        retryable,
        Instant.now());
  }
}
