package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.darkroom.schema.ObjectKeys;
import io.darkroom.schema.Topics;
import io.darkroom.stack.EmbeddedStack;
import io.darkroom.testkit.TestHttp;
import io.darkroom.testkit.TestHttp.Part;
import io.darkroom.testkit.TestImages;
import io.darkroom.testkit.TopicProbe;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.minio.PutObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Replicas as an orchestrator runs them. Two api instances on one database and one broker ({@code
 * ./run.sh --apis=2}): uploads go through both, and every command is published once, every outcome
 * applied once, every webhook delivered once, and the reconciliation job runs on one instance at a
 * time. A worker stopped with SIGTERM mid-image (a rollout, a scale-in) finishes what it holds,
 * commits it and exits without waiting out its grace period, and loses nothing: what it had not
 * started is done by the worker that follows, what it finished is not done again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {
  private static final int IMAGES = 12;
  private static final Pattern REMOVED =
      Pattern.compile("^darkroom_reconciliation_orphans_removed_total(\\{[^}]*\\})? (\\S+)$");
  private static final Pattern PROCESSED = Pattern.compile("Image (\\S+) processed: ");

  private final JsonMapper json = JsonMapper.createDefault();
  private final AppliedOutcomes applied = new AppliedOutcomes(System.out);
  private final Map<String, AtomicInteger> hooks = new ConcurrentHashMap<>();
  private LocalProduct product;
  private HttpServer receiver;

  @BeforeAll
  void startProductWithTwoApis() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          JsonNode event = json.readValue(exchange.getRequestBody().readAllBytes(), JsonNode.class);
          hooks
              .computeIfAbsent(
                  event.get("data").get("id").getStringValue(), id -> new AtomicInteger())
              .incrementAndGet();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    product =
        LocalProduct.start(
            new LocalProduct.Options(
                    Path.of(System.getProperty("darkroom.home")),
                    Path.of("target/replicas-product"),
                    false,
                    0,
                    1,
                    0,
                    0,
                    0,
                    4,
                    LocalProduct.APP_JVM_OPTIONS,
                    Map.of(
                        "DARKROOM_WEBHOOKS_ALLOWED_RANGES", "127.0.0.1/32",
                        // both instances try every 4 s; the lease lets one of them run
                        "DARKROOM_CLEANUP_RECONCILIATION_INTERVAL", "4s",
                        // above the time between an upload's object and its row on a busy machine
                        "DARKROOM_CLEANUP_ORPHAN_GRACE", "20s"))
                .withApis(2),
            applied);
  }

  @AfterAll
  void stop() {
    if (product != null) {
      product.close();
    }
    if (receiver != null) {
      receiver.stop(0);
    }
  }

  @Test
  @Order(1)
  void shouldPublishApplyAndDeliverEachOnceWithUploadsThroughBothApis() throws Exception {
    List<URI> apis = product.apiUris();
    assertThat(apis).hasSize(2);
    TestHttp first = new TestHttp(apis.get(0));
    assertThat(
            first
                .postJson(
                    "/api/v1/webhooks",
                    "{\"url\":\"http://127.0.0.1:"
                        + receiver.getAddress().getPort()
                        + "/hook\",\"events\":[\"image.succeeded\"]}")
                .statusCode())
        .isEqualTo(201);

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < IMAGES; i++) {
      TestHttp api = new TestHttp(apis.get(i % 2));
      Color color = Color.getHSBColor(i / (float) IMAGES, 0.7f, 0.9f);
      HttpResponse<String> upload =
          api.postMultipart(
              "/api/v1/images/actions/upload",
              Part.file("p" + i + ".jpg", "image/jpeg", TestImages.jpeg(800, 600, color)));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
      ids.add(json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue());
    }

    // every image succeeds, as seen through either api
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ids.stream().allMatch(id -> "succeeded".equals(status(apis, id))));

    // every command was published once: nothing waits in the outbox, and the topic, read to its
    // end, holds one command per image
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> count("SELECT count(*) FROM outbox_messages") == 0);
    try (TopicProbe commands = new TopicProbe(product.stack(), Topics.COMMANDS)) {
      Map<String, Long> perImage =
          commands.readToEnd(Duration.ofSeconds(30)).stream()
              .collect(Collectors.groupingBy(r -> r.key(), Collectors.counting()));
      for (String id : ids) {
        assertThat(perImage.get(id)).as("commands published for " + id).isEqualTo(1L);
      }
    }

    // every outcome applied once, by whichever api consumed it: both are in the group
    assertThat(applied.successesApplied()).isGreaterThanOrEqualTo(IMAGES);
    assertThat(applied.successesAppliedTwice()).isZero();
    ConsumerGroupDescription group = describeGroup("darkroom-api");
    assertThat(group.members()).hasSize(2);
    assertThat(group.members())
        .allSatisfy(member -> assertThat(member.assignment().topicPartitions()).isNotEmpty());

    // every webhook delivered once, whichever api claimed it
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> count("SELECT count(*) FROM webhook_messages WHERE status <> 'delivered'") == 0);
    assertThat(count("SELECT count(*) FROM webhook_messages")).isEqualTo((long) IMAGES);
    assertThat(hooks.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(hooks.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

    // the metrics name routes by their templates, never by an id: every image was read by id
    for (URI api : apis) {
      assertThat(new TestHttp(api).get("/api/v1/images/" + ids.get(0)).statusCode()).isEqualTo(200);
      String metrics = scrape(api);
      assertThat(metrics).contains("uri=\"/api/v1/images/{uuid}\"");
      assertThat(ids).noneMatch(metrics::contains);
    }
  }

  private static String scrape(URI api) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(api.resolve("/prometheus")).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  @Order(2)
  void shouldRemoveAnOrphanOnceAlthoughBothApisRunTheReconciliation() throws Exception {
    EmbeddedStack stack = product.stack();
    // an original under an image's prefix whose image has no row, as an api killed mid-upload
    // leaves
    String key = ObjectKeys.original("nobody", UUID.randomUUID());
    byte[] bytes = TestImages.jpeg(16, 16, Color.BLUE);
    stack
        .s3Client()
        .putObject(
            PutObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).stream(
                    new ByteArrayInputStream(bytes), (long) bytes.length, -1L)
                .build());

    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> !exists(stack, key));
    // the one run that removed it counted it; a second instance running at the same time would
    // have found it too, and counted it again
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> removedCounted(product.apiUris()) >= 1.0);
    assertThat(removedCounted(product.apiUris())).isEqualTo(1.0);
  }

  @Test
  @Order(3)
  void shouldFinishOrHandBackTheImagesOfAWorkerStoppedWithSigterm() throws Exception {
    List<URI> apis = product.apiUris();
    byte[] photo =
        Files.readAllBytes(Path.of(System.getProperty("darkroom.corpus"), "kleiber_13mp.jpg"));
    int before = applied.successesApplied();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> upload =
          new TestHttp(apis.get(i % 2))
              .postMultipart(
                  "/api/v1/images/actions/upload",
                  Part.file("k" + i + ".jpg", "image/jpeg", photo));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
      ids.add(json.readValue(upload.body(), JsonNode.class).get("uuid").getStringValue());
    }
    // the worker is busy with them: one is done, the others are in its hands or waiting
    Awaitility.await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> ids.stream().anyMatch(id -> "succeeded".equals(status(apis, id))));
    ChildProcess worker = product.worker("worker-1").orElseThrow();
    long unfinished = ids.stream().filter(id -> !"succeeded".equals(status(apis, id))).count();

    long stopping = System.nanoTime();
    worker.terminate();
    worker.onExit().get(60, TimeUnit.SECONDS);
    Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);

    assertThat(unfinished).as("images not yet done when SIGTERM came").isPositive();
    // it stopped polling at once: after saying so, it finished at most the images in its hands
    // (two consumer threads), then closed
    // the launcher prints "exited with" from another thread, a moment after the exit
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !linesOf("worker-1", "Stopping: no new commands", "exited with").isEmpty());
    List<String> stoppingLog =
        linesOf("worker-1", "Stopping: no new commands taken", "exited with");
    assertThat(stoppingLog.stream().filter(l -> l.contains(" processed: ")).count())
        .isLessThanOrEqualTo(2);
    assertThat(stoppingLog).anyMatch(l -> l.contains("every image in flight finished"));
    // its graceful shutdown ended there, not by running out its grace period
    assertThat(stoppingLog).noneMatch(l -> l.contains("Timeout hit in graceful shutdown"));
    // within the grace period Kubernetes and compose give it (60 s), by its own graceful
    // shutdown: 143 is the JVM's exit on SIGTERM (a kill would be 137)
    assertThat(stopped).isLessThan(Duration.ofSeconds(60));
    assertThat(worker.exitValue()).isEqualTo(143);
    // the next worker (the local run starts it again, as a Deployment would) takes over the
    // partitions at the last committed offsets: every image ends succeeded, applied once
    Awaitility.await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> ids.stream().allMatch(id -> "succeeded".equals(status(apis, id))));
    assertThat(applied.successesApplied() - before).isEqualTo(ids.size());
    assertThat(applied.successesAppliedTwice()).isZero();
    // what it finished while stopping was committed before its consumers closed: no worker
    // processes those images again
    for (String line : stoppingLog) {
      Matcher finished = PROCESSED.matcher(line);
      if (finished.find()) {
        String image = finished.group(1);
        assertThat(
                applied.lines().stream().filter(l -> l.contains("Image " + image + " processed:")))
            .as("workers' lines processing " + image)
            .hasSize(1);
      }
    }
    System.out.printf(
        "SIGTERM with %d of %d images unfinished: the worker exited in %d ms%n",
        unfinished, ids.size(), stopped.toMillis());
  }

  /** The lines of {@code app} from the first containing {@code from} to the one with {@code to}. */
  private List<String> linesOf(String app, String from, String to) {
    List<String> all = applied.lines();
    int start = -1;
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      if (!line.startsWith(app + " ")) {
        continue;
      }
      if (start < 0 && line.contains(from)) {
        start = i;
      } else if (start >= 0 && line.contains(to)) {
        return all.subList(start, i + 1).stream().filter(l -> l.startsWith(app + " ")).toList();
      }
    }
    return List.of();
  }

  private String status(List<URI> apis, String id) {
    HttpResponse<String> response =
        new TestHttp(apis.get(id.hashCode() & 1)).get("/api/v1/images/" + id);
    try {
      return json.readValue(response.body(), JsonNode.class).get("status").getStringValue();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private long count(String sql) throws Exception {
    EmbeddedStack stack = product.stack();
    try (Connection c =
            DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
        ResultSet r = c.createStatement().executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private ConsumerGroupDescription describeGroup(String group) throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, product.stack().kafkaBootstrapServers());
    try (Admin admin = Admin.create(props)) {
      return admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    }
  }

  private static boolean exists(EmbeddedStack stack, String key) throws Exception {
    try {
      stack
          .s3Client()
          .statObject(
              StatObjectArgs.builder().bucket(EmbeddedStack.UPLOADS_BUCKET).object(key).build());
      return true;
    } catch (ErrorResponseException e) {
      return false;
    }
  }

  /** The sum over both apis of the orphans their reconciliation runs removed. */
  private static double removedCounted(List<URI> apis) throws Exception {
    double sum = 0;
    HttpClient http = HttpClient.newHttpClient();
    for (URI api : apis) {
      String body =
          http.send(
                  HttpRequest.newBuilder(api.resolve("/prometheus")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (String line : body.split("\n")) {
        Matcher m = REMOVED.matcher(line);
        if (m.matches()) {
          sum += Double.parseDouble(m.group(2));
        }
      }
    }
    return sum;
  }
}
