package io.darkroom.stack;

import io.darkroom.schema.Topics;
import io.minio.BucketExistsArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product's infrastructure, for real and without Docker: PostgreSQL, a Kafka broker and an S3
 * server, with the buckets and topics the product expects already created, as the compose file's
 * init jobs do in production.
 *
 * <p>Tests take {@link #shared()}: one stack per test JVM, started on first use on free ports under
 * the build directory, stopped by a shutdown hook when the JVM ends, whether the tests passed or
 * not. The local run starts one with {@link #start(Options)} on fixed ports and a data directory
 * that survives restarts.
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);

  public static final String UPLOADS_BUCKET = "uploads";
  public static final String PROCESSED_BUCKET = "processed";
  public static final String ACCESS_KEY = "darkroom";
  public static final String SECRET_KEY = "darkroom-local-secret";

  private static EmbeddedStack shared;

  private final Options options;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private PostgresServer postgres;
  private KafkaBroker kafka;
  private S3Server s3;

  /**
   * How to start a stack.
   *
   * @param dataDir everything the services store lives under it
   * @param keepData false wipes the data on start (tests); true keeps it across restarts (local
   *     run)
   * @param postgresPort 0 for any free port; likewise for the other ports
   * @param partitions partitions of the commands and events topics
   * @param s3proxyJar the s3proxy jar-with-dependencies the S3 server runs from
   */
  public record Options(
      Path dataDir,
      boolean keepData,
      int postgresPort,
      int kafkaPort,
      int s3Port,
      int partitions,
      Path s3proxyJar) {

    /** Free ports, fresh data under {@code dataDir}, four partitions. */
    public static Options forTests(Path dataDir, Path s3proxyJar) {
      return new Options(dataDir, false, 0, 0, 0, 4, s3proxyJar);
    }
  }

  private EmbeddedStack(Options options, FileChannel lockChannel, FileLock lock) {
    this.options = options;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * The stack shared by every test class of this JVM, from the system properties {@code
   * embedded-stack.dir} and {@code embedded-stack.s3proxy-jar} that the build sets.
   */
  public static synchronized EmbeddedStack shared() {
    if (shared == null) {
      // The build points java.io.tmpdir into target/ (zonky unpacks PostgreSQL there); a clean
      // checkout has no such folder yet, and temp files, native libraries and the binaries all
      // need it.
      try {
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
      } catch (IOException e) {
        throw new UncheckedIOException("no temporary directory", e);
      }
      Path dir = Path.of(System.getProperty("embedded-stack.dir", "target/embedded-stack"));
      Path jar = Path.of(requiredProperty("embedded-stack.s3proxy-jar"));
      EmbeddedStack stack = start(Options.forTests(dir, jar));
      Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "embedded-stack-shutdown"));
      shared = stack;
    }
    return shared;
  }

  public static EmbeddedStack start(Options options) {
    long started = System.nanoTime();
    Path dir = options.dataDir().toAbsolutePath();
    FileChannel channel = null;
    try {
      Files.createDirectories(dir);
      channel =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        throw new IllegalStateException(
            "another running stack uses " + dir + ": stop it first (one stack per data directory)");
      }
      if (!options.keepData()) {
        wipe(dir, Set.of(dir.resolve(".lock"), dir.resolve("pg-runtime")));
      }
      EmbeddedStack stack = new EmbeddedStack(options, channel, lock);
      try {
        stack.startServices(dir);
      } catch (RuntimeException | Error e) {
        stack.close();
        throw e;
      }
      LOG.info(
          "Embedded stack up in {} ms: postgres {}, kafka {}, s3 {}",
          (System.nanoTime() - started) / 1_000_000,
          stack.jdbcUrl(),
          stack.kafkaBootstrapServers(),
          stack.s3Endpoint());
      return stack;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("could not prepare " + dir, e);
    }
  }

  private void startServices(Path dir) {
    // every port chosen before any service starts, each distinct from the others
    List<Integer> taken = new ArrayList<>();
    int s3Port = Ports.claim("S3", options.s3Port(), taken);
    taken.add(s3Port);
    int pgPort = Ports.claim("PostgreSQL", options.postgresPort(), taken);
    taken.add(pgPort);
    int kafkaPort = Ports.claim("Kafka", options.kafkaPort(), taken);
    s3 = new S3Server(options.s3proxyJar(), dir.resolve("s3"), s3Port, ACCESS_KEY, SECRET_KEY);
    // The S3 server is a JVM of its own: let it boot while PostgreSQL and Kafka start here.
    CompletableFuture<Void> s3Started = CompletableFuture.runAsync(s3::start);
    try {
      postgres =
          PostgresServer.start(
              dir.resolve("postgres"), dir.resolve("pg-runtime"), pgPort, options.keepData());
      kafka = KafkaBroker.start(dir.resolve("kafka"), kafkaPort, options.partitions());
      createTopics();
      s3Started.get();
      createBuckets();
    } catch (ExecutionException e) {
      throw new IllegalStateException("S3 server failed to start: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the stack", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("could not start the stack: " + e.getMessage(), e);
    }
  }

  private void createTopics() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers()))) {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing =
          Stream.of(
                  new NewTopic(Topics.COMMANDS, options.partitions(), (short) 1),
                  new NewTopic(Topics.EVENTS, options.partitions(), (short) 1),
                  new NewTopic(Topics.COMMANDS_DEAD_LETTER, 1, (short) 1),
                  new NewTopic(Topics.EVENTS_DEAD_LETTER, 1, (short) 1))
              .filter(t -> !existing.contains(t.name()))
              .collect(Collectors.toList());
      admin.createTopics(missing).all().get();
    }
  }

  private void createBuckets() throws Exception {
    MinioClient client = s3Client();
    for (String bucket : List.of(UPLOADS_BUCKET, PROCESSED_BUCKET)) {
      if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
      }
    }
  }

  /** A client for the stack's S3 server, for tests that look at what the product stored. */
  public MinioClient s3Client() {
    return MinioClient.builder()
        .endpoint(s3Endpoint())
        .credentials(ACCESS_KEY, SECRET_KEY)
        .region(S3Server.REGION)
        .build();
  }

  /** The keys stored in {@code bucket} under {@code prefix}, for tests that check what is kept. */
  public List<String> objectKeys(String bucket, String prefix) throws Exception {
    List<String> keys = new ArrayList<>();
    for (var item :
        s3Client()
            .listObjects(
                ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
      keys.add(item.get().objectName());
    }
    return keys;
  }

  public String jdbcUrl() {
    return postgres.jdbcUrl();
  }

  public String jdbcUser() {
    return PostgresServer.USER;
  }

  public String jdbcPassword() {
    return PostgresServer.USER;
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String s3Endpoint() {
    return s3.endpoint();
  }

  /** The broker itself, so a test can take Kafka away and bring it back. */
  public KafkaBroker kafkaBroker() {
    return kafka;
  }

  /** The database server itself, so a test can take PostgreSQL away and bring it back. */
  public PostgresServer postgres() {
    return postgres;
  }

  /** The S3 server itself, so a test can take storage away and bring it back. */
  public S3Server s3Server() {
    return s3;
  }

  public int partitions() {
    return options.partitions();
  }

  /**
   * The stack's coordinates under the configuration keys of the api and worker. Both read the same
   * keys for the same things, so one map configures either.
   */
  public Map<String, String> applicationProperties() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("datasources.default.url", jdbcUrl());
    props.put("datasources.default.username", jdbcUser());
    props.put("datasources.default.password", jdbcPassword());
    props.put("kafka.bootstrap.servers", kafkaBootstrapServers());
    props.put("darkroom.storage.endpoint", s3Endpoint());
    props.put("darkroom.storage.access-key", ACCESS_KEY);
    props.put("darkroom.storage.secret-key", SECRET_KEY);
    props.put("darkroom.storage.region", S3Server.REGION);
    props.put("darkroom.storage.uploads-bucket", UPLOADS_BUCKET);
    props.put("darkroom.storage.processed-bucket", PROCESSED_BUCKET);
    return props;
  }

  /**
   * Stops the services in reverse order of need; call it after closing every client of the stack.
   */
  @Override
  public synchronized void close() {
    if (kafka != null) {
      runQuietly("Kafka", kafka::close);
      kafka = null;
    }
    if (s3 != null) {
      runQuietly("S3", s3::close);
      s3 = null;
    }
    if (postgres != null) {
      runQuietly("PostgreSQL", postgres::close);
      postgres = null;
    }
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException ignored) {
      // the lock goes with the channel anyway
    }
    closeQuietly(lockChannel);
  }

  private static void runQuietly(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("{} did not stop cleanly: {}", what, e.toString());
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing left to do
      }
    }
  }

  private static void wipe(Path dir, Set<Path> keep) throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.filter(p -> !keep.contains(p)).toList()) {
        try (Stream<Path> tree = Files.walk(child)) {
          for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set (the build sets it)");
    }
    return value;
  }
}
