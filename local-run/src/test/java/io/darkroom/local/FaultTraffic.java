package io.darkroom.local;

import io.darkroom.testkit.TestImages;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Steady upload traffic of all three kinds (direct multipart, base64 JSON with a checksum,
 * presigned PUT then process) from a few client threads, at about {@code perSecond} uploads a
 * second. Every upload the api accepted (2xx) is recorded with the moment it was accepted; what it
 * refused, or what never got an answer, is only counted: the promise is about accepted uploads.
 */
final class FaultTraffic implements AutoCloseable {
  /** An upload the api answered 2xx for. */
  record Accepted(String id, String kind, Instant at) {}

  private static final List<String> KINDS = List.of("direct", "base64", "presigned");
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private final URI api;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService clients;
  private final List<byte[]> photos;

  FaultTraffic(URI api, int threads, double perSecond) {
    this.api = api;
    this.photos =
        List.of(
            TestImages.jpeg(640, 480, Color.ORANGE),
            TestImages.jpeg(1200, 800, new Color(30, 120, 200)),
            TestImages.png(400, 300, Color.MAGENTA));
    this.clients = Executors.newFixedThreadPool(threads);
    long pauseMillis = (long) (1000 * threads / perSecond);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      clients.submit(
          () -> {
            long n = thread;
            while (running.get()) {
              String kind = KINDS.get((int) (n % KINDS.size()));
              byte[] photo = photos.get((int) (n / KINDS.size() % photos.size()));
              try {
                String id = upload(kind, photo, n);
                if (id != null) {
                  accepted.add(new Accepted(id, kind, Instant.now()));
                } else {
                  refused.incrementAndGet();
                }
              } catch (Exception e) {
                refused.incrementAndGet();
              }
              n += threads;
              sleep(pauseMillis);
            }
          });
    }
  }

  List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  long refused() {
    return refused.get();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    clients.shutdown();
    clients.awaitTermination(60, TimeUnit.SECONDS);
  }

  /** The image id when the api accepted the upload, null when it answered anything else. */
  private String upload(String kind, byte[] photo, long n) throws Exception {
    String extension = photo[0] == (byte) 0x89 ? "png" : "jpg";
    String type = extension.equals("png") ? "image/png" : "image/jpeg";
    String filename = "fault-" + n + "." + extension;
    return switch (kind) {
      case "direct" -> {
        String boundary = "----fault" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                    + filename
                    + "\"\r\nContent-Type: "
                    + type
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(photo);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        yield idIf(
            202,
            send(
                request("/api/v1/images/actions/upload")
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))));
      }
      case "base64" -> {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(photo));
        String json =
            "{\"filename\":\""
                + filename
                + "\",\"content\":\""
                + Base64.getEncoder().encodeToString(photo)
                + "\",\"sha256\":\""
                + sha
                + "\"}";
        yield idIf(
            202,
            send(
                request("/api/v1/images/actions/upload")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))));
      }
      default -> {
        HttpResponse<String> url =
            send(
                request(
                        "/api/v1/images/actions/upload-url?extension="
                            + extension
                            + "&size="
                            + photo.length)
                    .GET());
        if (url.statusCode() != 200) {
          yield null;
        }
        JsonNode body = JSON.readValue(url.body(), JsonNode.class);
        HttpResponse<String> put =
            send(
                HttpRequest.newBuilder(URI.create(body.get("presignedUrl").getStringValue()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", type)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)));
        if (put.statusCode() != 200) {
          yield null;
        }
        String id = body.get("uuid").getStringValue();
        yield idIf(
            202,
            send(
                request("/api/v1/images/actions/process")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"uuid\":\"" + id + "\",\"filename\":\"" + filename + "\"}"))));
      }
    };
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String idIf(int status, HttpResponse<String> response) throws Exception {
    if (response.statusCode() != status) {
      return null;
    }
    return JSON.readValue(response.body(), JsonNode.class).get("uuid").getStringValue();
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
