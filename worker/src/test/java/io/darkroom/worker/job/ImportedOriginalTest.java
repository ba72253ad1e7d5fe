package io.darkroom.worker.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.darkroom.schema.FailureCode;
import io.darkroom.schema.Fit;
import io.darkroom.schema.ImageProcessed;
import io.darkroom.schema.ImageProcessingFailed;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.ProcessImageCommand;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.schema.SchemaVersion;
import io.darkroom.schema.SourceFormat;
import io.darkroom.testkit.TestImages;
import io.darkroom.worker.fetch.FetchConfiguration;
import io.darkroom.worker.fetch.RemoteOriginals;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An imported image through the use case: the worker fetches its URL from a real server on
 * 127.0.0.1 (allowed, as in the local run) through the egress guard, stores it as the original and
 * processes it, or fails it with the {@code source_*} code of what went wrong.
 */
class ImportedOriginalTest {
  private static final String OWNER = "import-test";
  private static final long MAX_SOURCE_BYTES = 300_000;
  private static final PipelineLimits LIMITS =
      new PipelineLimits(MAX_SOURCE_BYTES, 100_000_000, 30_000, Duration.ofSeconds(30), 82, 60);
  private static final List<RenditionSpec> RENDITIONS =
      List.of(new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.JPEG, null));

  private final InMemoryObjectStorage storage = new InMemoryObjectStorage();
  private final RecordingEventSink events = new RecordingEventSink();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final byte[] photo = TestImages.jpeg(640, 480, Color.ORANGE);
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private String base;

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    route("/photo.jpg", exchange -> send(exchange, 200, photo));
    route(
        "/moved",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/photo.jpg");
          send(exchange, 302, new byte[0]);
        });
    route(
        "/loop",
        exchange -> {
          exchange.getResponseHeaders().add("Location", "/loop");
          send(exchange, 302, new byte[0]);
        });
    route("/gone.jpg", exchange -> send(exchange, 404, "no".getBytes(StandardCharsets.UTF_8)));
    route("/busy.jpg", exchange -> send(exchange, 503, new byte[0]));
    route(
        "/page.jpg",
        exchange -> {
          // an HTML page that claims to be a JPEG: the type comes from the bytes
          exchange.getResponseHeaders().add("Content-Type", "image/jpeg");
          send(exchange, 200, "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8));
        });
    route("/huge.jpg", exchange -> send(exchange, 200, new byte[(int) MAX_SOURCE_BYTES + 1]));
    route(
        "/silent.jpg",
        exchange -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.stop(0);
  }

  @Test
  void shouldFetchStoreAndProcessAnImportedImageFollowingARedirect() {
    ProcessImageCommand command = imported(base + "/moved");

    job(FetchSettings.LOCAL).run(command);

    ImageProcessed processed = (ImageProcessed) single();
    assertThat(processed.source())
        .isEqualTo(new ImageProcessed.SourceInfo(640, 480, SourceFormat.JPEG, (long) photo.length));
    assertThat(storage.object("uploads", command.source().key())).hasValue(photo);
    assertThat(processed.renditions()).extracting(ImageProcessed.Rendition::width).contains(320);
  }

  @Test
  void shouldNotFetchAgainWhenAnEarlierDeliveryStoredTheOriginal() {
    ProcessImageCommand command = imported(base + "/photo.jpg");
    ProcessImageJob job = job(FetchSettings.LOCAL);

    job.run(command);
    job.run(command);

    assertThat(hits.get("/photo.jpg")).hasValue(1);
    assertThat(events.published()).hasSize(2).allMatch(ImageProcessed.class::isInstance);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "/gone.jpg, SOURCE_HTTP_4XX, false",
    "/busy.jpg, SOURCE_HTTP_5XX, true",
    "/page.jpg, SOURCE_NOT_IMAGE, false",
    "/huge.jpg, SOURCE_TOO_LARGE, false",
    "/loop, SOURCE_TOO_MANY_REDIRECTS, false",
  })
  void shouldFailWithTheCodeOfWhatTheUrlAnswered(String path, FailureCode code, boolean retryable) {
    ProcessImageCommand command = imported(base + path);

    job(FetchSettings.LOCAL).run(command);

    assertFailed(command, code, retryable);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "ftp://127.0.0.1/a.jpg, SOURCE_INVALID_URL",
    "http://user:pw@example.com/a.jpg, SOURCE_INVALID_URL",
    "http://10.0.0.1/a.jpg, SOURCE_FORBIDDEN_ADDRESS",
    "http://169.254.169.254/latest/meta-data/, SOURCE_FORBIDDEN_ADDRESS",
    "http://no-such-host.invalid/a.jpg, SOURCE_DNS_FAILED",
  })
  void shouldRefuseWhatTheGuardRefusesWithoutAnyConnection(String url, FailureCode code) {
    ProcessImageCommand command = imported(url);

    job(FetchSettings.LOCAL).run(command);

    assertFailed(command, code, false);
    assertThat(hits).isEmpty();
  }

  @Test
  void shouldRefuseLoopbackWhenItIsNotAllowed() {
    ProcessImageCommand command = imported(base + "/photo.jpg");
    FetchConfiguration production =
        new FetchConfiguration(
            List.of(),
            4,
            2,
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            3,
            50L << 20);

    job(production).run(command);

    assertFailed(command, FailureCode.SOURCE_FORBIDDEN_ADDRESS, false);
    assertThat(hits).isEmpty();
  }

  @Test
  void shouldFailASilentUrlAsARetryableTimeout() {
    ProcessImageCommand command = imported(base + "/silent.jpg");

    job(FetchSettings.local(2, Duration.ofMillis(700))).run(command);

    assertFailed(command, FailureCode.SOURCE_TIMEOUT, true);
  }

  @Test
  void shouldFetchFromOneHostWithAtMostItsShareAtOnce() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    route(
        "/slow.jpg",
        exchange -> {
          most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          send(exchange, 200, photo);
        });
    ProcessImageJob job = job(FetchSettings.local(2, Duration.ofSeconds(20)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ProcessImageCommand command = imported(base + "/slow.jpg?n=" + i);
      runs.add(pool.submit(() -> job.run(command)));
    }
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> inFlight.get() == 2);
      // two more wait for the host's permits; none of them reached the server
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  pool instanceof java.util.concurrent.ThreadPoolExecutor executor
                      && executor.getActiveCount() == 4);
      assertThat(hits.get("/slow.jpg")).hasValue(2);
      go.countDown();
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      go.countDown();
      pool.shutdownNow();
    }
    assertThat(most).hasValue(2);
    assertThat(hits.get("/slow.jpg")).hasValue(4);
    assertThat(events.published()).hasSize(4).allMatch(ImageProcessed.class::isInstance);
  }

  private void assertFailed(ProcessImageCommand command, FailureCode code, boolean retryable) {
    ImageProcessingFailed failed = (ImageProcessingFailed) single();
    assertThat(failed.code()).isEqualTo(code);
    assertThat(failed.retryable()).as("retryable").isEqualTo(retryable);
    assertThat(failed.detail()).isNotBlank();
    assertThat(storage.object("uploads", command.source().key()))
        .as("nothing stored for a failed fetch")
        .isEmpty();
  }

  private Object single() {
    assertThat(events.published()).hasSize(1);
    return events.published().get(0);
  }

  private ProcessImageJob job(FetchConfiguration fetch) {
    return new ProcessImageJob(
        storage,
        new RemoteOriginals(storage, fetch, LIMITS),
        new ImagePipeline(LIMITS),
        LIMITS,
        events,
        new SimpleMeterRegistry(),
        new WorkerConfiguration(3));
  }

  private static ProcessImageCommand imported(String url) {
    UUID id = UUID.randomUUID();
    return new ProcessImageCommand(
        SchemaVersion.CURRENT,
        UUID.randomUUID(),
        id,
        OWNER,
        new ProcessImageCommand.SourceObject("uploads", ObjectKeys.original(OWNER, id), null, 0),
        RENDITIONS,
        Instant.now(),
        new ProcessImageCommand.RemoteSource(url));
  }

  private interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private void route(String path, Handler handler) {
    server.createContext(
        path,
        exchange -> {
          hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          handler.handle(exchange);
        });
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
    exchange.close();
  }
}
