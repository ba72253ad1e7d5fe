package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.darkroom.testkit.TestImages;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A direct upload is streamed, never held whole: an api with a 96 MB heap (and 64 MB of direct
 * memory for Netty) takes a file four times that size. Buffering it anywhere in the api would fail
 * the upload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingUploadIT {
  private static final long FILE_BYTES = 400L * 1024 * 1024;

  private LocalProduct product;

  @BeforeAll
  void startProductWithASmallApiHeap() {
    product =
        LocalProduct.start(
            new LocalProduct.Options(
                Path.of(System.getProperty("darkroom.home")),
                Path.of("target/streaming-product"),
                false,
                0,
                0,
                0,
                0,
                0,
                1,
                List.of("-Xmx96m", "-XX:MaxDirectMemorySize=64m"),
                Map.of(
                    "DARKROOM_UPLOAD_DIRECT_MAX_BYTES", "1GB",
                    "MICRONAUT_SERVER_MAX_REQUEST_SIZE", "1100MB",
                    "MICRONAUT_SERVER_MULTIPART_MAX_FILE_SIZE", "1100MB")),
            System.out);
  }

  @AfterAll
  void stop() {
    if (product != null) {
      product.close();
    }
  }

  @Test
  void shouldStreamAnUploadFourTimesTheApiHeapToStorage() throws Exception {
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    String boundary = "----darkroomstream";
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    InputStream body =
        new SequenceInputStream(
            Collections.enumeration(
                List.of(
                    new ByteArrayInputStream(head),
                    new GeneratedJpegLike(FILE_BYTES, sha256),
                    new ByteArrayInputStream(tail))));

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(product.apiUri().resolve("/api/v1/images/actions/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .timeout(Duration.ofMinutes(3))
                    .POST(
                        HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> body),
                            head.length + FILE_BYTES + tail.length))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode image = JsonMapper.createDefault().readValue(response.body(), JsonNode.class);
    assertThat(image.get("bytes").getLongValue()).isEqualTo(FILE_BYTES);
    assertThat(image.get("sha256").getStringValue())
        .isEqualTo(HexFormat.of().formatHex(sha256.digest()));
    assertThat(product.apps().get(0).isAlive()).isTrue();
  }

  /**
   * FILE_BYTES of pseudo-random scan data behind a real JPEG header (everything up to its first
   * scan, which the api checks), made as it is read and hashed on the way.
   */
  private static final class GeneratedJpegLike extends InputStream {
    private static final byte[] HEADER = headerOf(TestImages.jpeg(64, 48, Color.GRAY));

    private final long size;
    private final MessageDigest digest;
    private final Random random = new Random(11);
    private final byte[] chunk = new byte[64 * 1024];
    private long position;

    /** The bytes up to and including the first start-of-scan segment. */
    private static byte[] headerOf(byte[] jpeg) {
      for (int i = 2; i + 3 < jpeg.length; i++) {
        if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xDA) {
          int length = (jpeg[i + 2] & 0xFF) << 8 | (jpeg[i + 3] & 0xFF);
          return Arrays.copyOf(jpeg, i + 2 + length);
        }
      }
      throw new IllegalStateException("no scan in the generated JPEG");
    }

    GeneratedJpegLike(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, chunk.length), size - position);
      random.nextBytes(chunk);
      if (position == 0) {
        System.arraycopy(HEADER, 0, chunk, 0, HEADER.length);
      }
      System.arraycopy(chunk, 0, b, off, n);
      digest.update(b, off, n);
      position += n;
      return n;
    }
  }
}
