package io.darkroom.local;

import io.darkroom.stack.EmbeddedStack;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./run.sh}: the whole product on this machine, data kept in {@code ./.data} across
 * restarts. Ctrl-C (SIGINT) or SIGTERM stops the apps, then Kafka, the S3 server and PostgreSQL.
 *
 * <p>Options ({@code --name=value}): {@code api-port} (8080), {@code workers} (1), {@code apis} (1:
 * more on the following ports), {@code postgres-port} (15432), {@code kafka-port} (19092), {@code
 * s3-port} (9000), {@code partitions} (4), {@code data-dir} (./.data).
 */
public final class LocalRun {
  private LocalRun() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    Map<String, String> opts = parse(args);
    Path home = Path.of(System.getProperty("darkroom.home", ".")).toAbsolutePath().normalize();
    LocalProduct.Options defaults =
        new LocalProduct.Options(
            home,
            Path.of(opts.getOrDefault("data-dir", home.resolve(".data").toString())),
            true,
            Integer.parseInt(opts.getOrDefault("api-port", "8080")),
            Integer.parseInt(opts.getOrDefault("workers", "1")),
            Integer.parseInt(opts.getOrDefault("postgres-port", "15432")),
            Integer.parseInt(opts.getOrDefault("kafka-port", "19092")),
            Integer.parseInt(opts.getOrDefault("s3-port", "9000")),
            Integer.parseInt(opts.getOrDefault("partitions", "4")));
    int apis = Integer.parseInt(opts.getOrDefault("apis", "1"));

    boolean auth = Boolean.parseBoolean(opts.getOrDefault("auth", "false"));
    LocalProduct.Options options =
        (!auth
                ? defaults
                : new LocalProduct.Options(
                    defaults.home(),
                    defaults.dataDir(),
                    defaults.keepData(),
                    defaults.apiPort(),
                    defaults.workers(),
                    defaults.postgresPort(),
                    defaults.kafkaPort(),
                    defaults.s3Port(),
                    defaults.partitions(),
                    LocalProduct.APP_JVM_OPTIONS,
                    Map.of(
                        "DARKROOM_AUTH_ENABLED",
                        "true",
                        "DARKROOM_AUTH_JWT_SECRET",
                        DevToken.localSecret(defaults.dataDir()),
                        "ENDPOINTS_HEALTH_DETAILS_VISIBLE",
                        "AUTHENTICATED")))
            .withApis(apis);
    PrintStream out = System.out;
    LocalProduct product = LocalProduct.start(options, out);
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  out.println("Stopping: api and workers first, then Kafka, S3 and PostgreSQL...");
                  product.close();
                  out.println("Stopped. Data kept in " + options.dataDir().toAbsolutePath());
                },
                "local-run-shutdown"));
    printBanner(out, product, options, auth, (System.nanoTime() - started) / 1_000_000);

    // If an app dies on its own, the product is broken: stop everything rather than limp on.
    // Workers are started again when they exit (LocalProduct); the api is not.
    CompletableFuture.anyOf(
            product.apps().stream()
                .filter(LocalProduct::isApi)
                .map(ChildProcess::onExit)
                .toArray(CompletableFuture[]::new))
        .join();
    if (!stopping.get()) {
      out.println("An app exited unexpectedly; stopping the local run.");
      System.exit(1);
    }
  }

  private static void printBanner(
      PrintStream out, LocalProduct product, LocalProduct.Options options, boolean auth, long ms) {
    // asked of the first worker before the banner is printed, so the workers' start-up logs do not
    // cut through it
    String jpegDecoder =
        product.apps().stream()
            .filter(app -> !LocalProduct.isApi(app))
            .findFirst()
            .map(
                worker ->
                    JpegDecoderLine.describe(
                        product.workerUri(worker.name()), Duration.ofSeconds(45)))
            .orElse(null);
    EmbeddedStack stack = product.stack();
    String api = product.apiUri().toString();
    List<URI> apis = product.apiUris();
    String line = "-".repeat(78);
    out.println(line);
    out.println(
        " Darkroom is running (started in "
            + ms
            + " ms, launcher pid "
            + ManagementFactory.getRuntimeMXBean().getPid()
            + ")");
    out.println(line);
    out.println(" API            " + api + "/api/v1/images");
    for (URI other : apis.subList(1, apis.size())) {
      out.println("   and          " + other + "/api/v1/images   (another api instance)");
    }
    out.println(
        " Swagger UI     "
            + api
            + "/swagger-ui/index.html   (OpenAPI: "
            + api
            + "/swagger/darkroom-api-v1.yml)");
    out.println(" Health         " + api + "/health        Metrics: " + api + "/prometheus");
    out.println(
        " S3 endpoint    "
            + stack.s3Endpoint()
            + "   buckets: "
            + EmbeddedStack.UPLOADS_BUCKET
            + ", "
            + EmbeddedStack.PROCESSED_BUCKET);
    out.println("   access key   " + EmbeddedStack.ACCESS_KEY);
    out.println("   secret key   " + EmbeddedStack.SECRET_KEY + "   (local development only)");
    out.println(
        " PostgreSQL     "
            + stack.jdbcUrl()
            + "   user/password: "
            + stack.jdbcUser()
            + "/"
            + stack.jdbcPassword());
    out.println(
        " Kafka          "
            + stack.kafkaBootstrapServers()
            + "   topics with "
            + stack.partitions()
            + " partitions");
    out.println(
        " Workers        "
            + product.apps().stream().filter(app -> !LocalProduct.isApi(app)).count()
            + "   (at nice "
            + LocalProduct.WORKER_NICENESS
            + ": they yield the CPU to the api)");
    product.apps().stream()
        .filter(app -> !LocalProduct.isApi(app))
        .forEach(
            worker ->
                out.println(
                    "   "
                        + worker.name()
                        + "     health and metrics: "
                        + product.workerUri(worker.name())
                        + "/prometheus"));
    if (jpegDecoder != null) {
      out.println(" JPEG decoder   " + jpegDecoder);
    }
    out.println(
        " Data           " + options.dataDir().toAbsolutePath() + "   (kept across restarts)");
    if (auth) {
      out.println(
          " Auth           ON: send  Authorization: Bearer <token>.  A token for owner 'alice',"
              + " admin, valid 2 h (paste it into the console too):");
      out.println("   " + mintQuietly("alice", DevToken.localSecret(options.dataDir())));
      out.println(
          "   Others: java -cp local-run/target/local-run-0.2.0-SNAPSHOT.jar io.darkroom.local.DevToken"
              + " <owner> [hours] [--admin]");
    } else {
      out.println(
          " Auth           OFF: every request acts as the single local owner 'local'; this machine"
              + " only (127.0.0.1).");
      out.println("                ./run.sh --auth to require tokens (and print one).");
    }
    out.println(line);
    out.println(" Console: " + api + "/ui/");
    out.println(" Try it:  curl -F file=@photo.jpg " + api + "/api/v1/images/actions/upload");
    out.println(" Stop:    Ctrl-C");
    out.println(line);
  }

  private static String mintQuietly(String owner, String secret) {
    try {
      return DevToken.mint(owner, secret, Duration.ofHours(2), true);
    } catch (Exception e) {
      return "(could not mint: " + e.getMessage() + ")";
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String arg : args) {
      if (arg.equals("--auth")) {
        opts.put("auth", "true");
        continue;
      }
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      int eq = arg.indexOf('=');
      opts.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return opts;
  }
}
