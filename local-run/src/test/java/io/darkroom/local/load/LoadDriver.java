package io.darkroom.local.load;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Open-loop upload load against a running api: arrivals at a fixed rate per phase whatever the
 * latency (so a slow api cannot slow the load down and hide it), a mix of direct multipart uploads
 * of web-sized and camera JPEGs and presigned PUT uploads, then polling until every image is
 * succeeded or failed.
 */
public final class LoadDriver {
  /** A phase of the arrival profile. */
  public record Phase(int perSecond, int seconds) {}

  /** One timed HTTP call; {@code startMs} counts from the run's start. */
  public record Call(String endpoint, long startMs, long millis, int status) {}

  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final JsonMapper json = JsonMapper.createDefault();
  private final List<byte[]> web = new ArrayList<>();
  private final List<byte[]> camera = new ArrayList<>();
  private final Random random = new Random(42);
  final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
  final Map<String, Long> uploadedAt = new ConcurrentHashMap<>();
  final AtomicInteger errors = new AtomicInteger();
  final List<long[]> backlog =
      Collections.synchronizedList(new ArrayList<>()); // {secondsFromStart, pending}
  long startMs;

  /** What a web page or phone app sends vs. what a camera does. */
  private static final long WEB_PIXELS = 5_000_000;

  private static final long CAMERA_PIXELS = 8_000_000;

  public LoadDriver(URI base, Path corpus) throws Exception {
    this.base = base;
    // Any folder of photos will do (CORPUS=...): its JPEGs are sorted by size, read from the
    // header.
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
        long pixels = pixels(f);
        if (pixels >= CAMERA_PIXELS) {
          camera.add(Files.readAllBytes(f));
        } else if (pixels <= WEB_PIXELS) {
          web.add(Files.readAllBytes(f));
        }
      }
    }
    if (web.isEmpty() || camera.isEmpty()) {
      throw new IllegalArgumentException(
          corpus
              + " needs JPEGs of at most "
              + WEB_PIXELS / 1_000_000
              + " MP (web) and of at least "
              + CAMERA_PIXELS / 1_000_000
              + " MP (camera)");
    }
  }

  private static long pixels(Path jpeg) throws Exception {
    try (ImageInputStream in = ImageIO.createImageInputStream(jpeg.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("jpeg").next();
      try {
        reader.setInput(in);
        return (long) reader.getWidth(0) * reader.getHeight(0);
      } finally {
        reader.dispose();
      }
    }
  }

  /** What the corpus gave each kind of upload, for the report: counts and mean sizes. */
  public String describe() {
    return String.format(
        "%d web JPEGs (mean %.1f MB), %d camera JPEGs (mean %.1f MB)",
        web.size(),
        web.stream().mapToInt(b -> b.length).average().orElse(0) / 1e6,
        camera.size(),
        camera.stream().mapToInt(b -> b.length).average().orElse(0) / 1e6);
  }

  /**
   * Runs the profile, then waits until nothing is pending; returns the drain time in ms after the
   * last arrival.
   */
  public long run(List<Phase> phases, double cameraShare, double presignedShare) throws Exception {
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    startMs = System.currentTimeMillis();
    clock.scheduleAtFixedRate(this::sampleBacklog, 0, 1, TimeUnit.SECONDS);
    List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
    long at = 0;
    for (Phase phase : phases) {
      long interval = 1_000_000 / phase.perSecond(); // micros
      for (int i = 0; i < phase.perSecond() * phase.seconds(); i++) {
        long due = at + i * interval;
        boolean large = random.nextDouble() < cameraShare;
        boolean presigned = random.nextDouble() < presignedShare;
        byte[] photo =
            large ? camera.get(random.nextInt(camera.size())) : web.get(random.nextInt(web.size()));
        clock.schedule(
            () -> inFlight.add(presigned ? presignedUpload(photo) : directUpload(photo, large)),
            due,
            TimeUnit.MICROSECONDS);
      }
      at += (long) phase.perSecond() * phase.seconds() * interval;
    }
    Thread.sleep(
        at / 1000 + 200); // the arrivals are scheduled in real time; wait for the last one to start
    long arrivalsEnd = System.currentTimeMillis();
    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
    while (pending() > 0) {
      Thread.sleep(500);
    }
    long drained = System.currentTimeMillis();
    clock.shutdownNow();
    return drained - arrivalsEnd;
  }

  private CompletableFuture<?> directUpload(byte[] photo, boolean large) {
    String boundary = "----load" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream(photo.length + 300);
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(photo);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        api("/api/v1/images/actions/upload")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build();
    return timed(large ? "upload (camera)" : "upload (web)", request, 202)
        .thenAccept(r -> remember(r));
  }

  private CompletableFuture<?> presignedUpload(byte[] photo) {
    HttpRequest url =
        api("/api/v1/images/actions/upload-url?extension=jpg&size=" + photo.length).build();
    return timed("upload-url", url, 200)
        .thenCompose(
            r -> {
              JsonNode body = parse(r);
              if (body == null) {
                return CompletableFuture.completedFuture(null);
              }
              String id = body.get("uuid").getStringValue();
              HttpRequest put =
                  HttpRequest.newBuilder(URI.create(body.get("presignedUrl").getStringValue()))
                      .header("Content-Type", "image/jpeg")
                      .PUT(HttpRequest.BodyPublishers.ofByteArray(photo))
                      .build();
              return timed("PUT to storage", put, 200)
                  .thenCompose(
                      ignored -> {
                        HttpRequest process =
                            api("/api/v1/images/actions/process")
                                .header("Content-Type", "application/json")
                                .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                        "{\"uuid\":\"" + id + "\",\"filename\":\"load.jpg\"}"))
                                .build();
                        return timed("process", process, 202).thenAccept(this::remember);
                      });
            });
  }

  /**
   * A request to the api, with {@code Authorization: Bearer $DARKROOM_TOKEN} when that is set (a
   * deployment with auth on).
   */
  private HttpRequest.Builder api(String pathAndQuery) {
    return PresignRate.authorized(HttpRequest.newBuilder(base.resolve(pathAndQuery)));
  }

  private CompletableFuture<HttpResponse<String>> timed(
      String endpoint, HttpRequest request, int expected) {
    long start = System.currentTimeMillis();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              int status = failure == null ? response.statusCode() : -1;
              calls.add(
                  new Call(endpoint, start - startMs, System.currentTimeMillis() - start, status));
              if (status != expected) {
                errors.incrementAndGet();
                return null;
              }
              return response;
            });
  }

  private void remember(HttpResponse<String> response) {
    JsonNode body = parse(response);
    if (body != null) {
      uploadedAt.put(body.get("uuid").getStringValue(), System.currentTimeMillis());
    }
  }

  private JsonNode parse(HttpResponse<String> response) {
    if (response == null) {
      return null;
    }
    try {
      return json.readValue(response.body(), JsonNode.class);
    } catch (Exception e) {
      return null;
    }
  }

  private void sampleBacklog() {
    try {
      backlog.add(new long[] {(System.currentTimeMillis() - startMs) / 1000, pending()});
    } catch (Exception e) {
      // a missed sample is only a gap in the plot
    }
  }

  /**
   * Images without an outcome yet: pending, and processing (a worker took it; its outcome is still
   * on its way). Waiting for pending alone stopped with the last image processing, counted "lost".
   */
  long pending() throws Exception {
    return count("pending") + count("processing");
  }

  private long count(String status) throws Exception {
    HttpResponse<String> r =
        http.send(
            api("/api/v1/images?status=" + status + "&limit=1").build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readValue(r.body(), JsonNode.class).get("meta").get("total").getLongValue();
  }

  /**
   * completedAt - createdAt of every image this run uploaded, and their final statuses. Only
   * finished images are listed: the presign measurement leaves tens of thousands awaiting upload.
   */
  Map<String, long[]> outcomes() throws Exception {
    Map<String, long[]> result = new ConcurrentHashMap<>();
    collectOutcomes("succeeded", result);
    collectOutcomes("failed", result);
    return result;
  }

  private void collectOutcomes(String status, Map<String, long[]> result) throws Exception {
    for (int page = 1; ; page++) {
      HttpResponse<String> r =
          http.send(
              api("/api/v1/images?limit=100&status=" + status + "&page=" + page).build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode data = json.readValue(r.body(), JsonNode.class).get("data");
      if (data.size() == 0) {
        return;
      }
      for (JsonNode image : data.values()) {
        String id = image.get("uuid").getStringValue();
        if (!uploadedAt.containsKey(id)) {
          continue;
        }
        boolean ok = "succeeded".equals(image.get("status").getStringValue());
        long created = Instant.parse(image.get("createdAt").getStringValue()).toEpochMilli();
        long completed =
            image.get("completedAt").isNull()
                ? created
                : Instant.parse(image.get("completedAt").getStringValue()).toEpochMilli();
        result.put(id, new long[] {ok ? 1 : 0, completed - created, completed});
      }
    }
  }

  public List<Call> recordedCalls() {
    return List.copyOf(calls);
  }

  public List<long[]> backlogSamples() {
    synchronized (backlog) {
      return new ArrayList<>(backlog);
    }
  }

  public Map<String, long[]> outcomesForReport() throws Exception {
    return outcomes();
  }

  public long startMillis() {
    return startMs;
  }

  public int uploadedCount() {
    return uploadedAt.size();
  }
}
