package io.darkroom.local;

import io.darkroom.stack.EmbeddedStack;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The whole product on one machine: the embedded stack, one api or more and N workers, each a JVM
 * of its own started from the packaged jars. {@link #close()} stops the apps first (they drain and
 * commit), then the stack.
 */
final class LocalProduct implements AutoCloseable {
  /**
   * @param home the repository root, where {@code api/target} and {@code worker/target} are
   * @param apiPort 0 for any free port
   * @param appEnvironment settings given to the api and every worker (each ignores the other's)
   */
  record Options(
      Path home,
      Path dataDir,
      boolean keepData,
      int apiPort,
      int workers,
      int postgresPort,
      int kafkaPort,
      int s3Port,
      int partitions,
      List<String> apiJvmOptions,
      Map<String, String> appEnvironment,
      List<String> workerJvmOptions,
      int apis) {

    /** As given, with one api. */
    Options(
        Path home,
        Path dataDir,
        boolean keepData,
        int apiPort,
        int workers,
        int postgresPort,
        int kafkaPort,
        int s3Port,
        int partitions,
        List<String> apiJvmOptions,
        Map<String, String> appEnvironment,
        List<String> workerJvmOptions) {
      this(
          home,
          dataDir,
          keepData,
          apiPort,
          workers,
          postgresPort,
          kafkaPort,
          s3Port,
          partitions,
          apiJvmOptions,
          appEnvironment,
          workerJvmOptions,
          1);
    }

    /** As given, with the workers' production JVM flags. */
    Options(
        Path home,
        Path dataDir,
        boolean keepData,
        int apiPort,
        int workers,
        int postgresPort,
        int kafkaPort,
        int s3Port,
        int partitions,
        List<String> apiJvmOptions,
        Map<String, String> appEnvironment) {
      this(
          home,
          dataDir,
          keepData,
          apiPort,
          workers,
          postgresPort,
          kafkaPort,
          s3Port,
          partitions,
          apiJvmOptions,
          appEnvironment,
          APP_JVM_OPTIONS);
    }

    /** The defaults of the local run: a 512 MB api heap (exit on OOM) and nothing overridden. */
    Options(
        Path home,
        Path dataDir,
        boolean keepData,
        int apiPort,
        int workers,
        int postgresPort,
        int kafkaPort,
        int s3Port,
        int partitions) {
      this(
          home,
          dataDir,
          keepData,
          apiPort,
          workers,
          postgresPort,
          kafkaPort,
          s3Port,
          partitions,
          APP_JVM_OPTIONS,
          Map.of());
    }

    /**
     * With {@code apis} api instances, on consecutive ports from {@link #apiPort} (any free ports
     * when it is 0): they share the database, the topics and the jobs, as replicas do.
     */
    Options withApis(int apis) {
      if (apis < 1) {
        throw new IllegalArgumentException("--apis must be at least 1, got " + apis);
      }
      return new Options(
          home,
          dataDir,
          keepData,
          apiPort,
          workers,
          postgresPort,
          kafkaPort,
          s3Port,
          partitions,
          apiJvmOptions,
          appEnvironment,
          workerJvmOptions,
          apis);
    }
  }

  /** The production flags of the apps (see docker/app.Dockerfile): out of memory means exit. */
  static final List<String> APP_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

  /**
   * The workers' lower CPU priority on a host they share with the api ({@code nice -n 19}: a weight
   * of 15 against the api's 1024 under Linux's scheduler when both want the CPU; all of it when the
   * api is idle). Measured in docs/benchmarks.md, "Workers yield".
   */
  static final int WORKER_NICENESS = 19;

  private final EmbeddedStack stack;
  private final List<ChildProcess> apps = new CopyOnWriteArrayList<>();
  private final List<Integer> apiPorts;
  private final Map<String, Integer> workerPorts = new ConcurrentHashMap<>();
  private volatile boolean closing;

  private LocalProduct(EmbeddedStack stack, List<Integer> apiPorts) {
    this.stack = stack;
    this.apiPorts = List.copyOf(apiPorts);
  }

  static LocalProduct start(Options options, PrintStream out) {
    Path apiJar = appJar(options.home(), "api");
    Path workerJar = appJar(options.home(), "worker");
    EmbeddedStack stack =
        EmbeddedStack.start(
            new EmbeddedStack.Options(
                options.dataDir(),
                options.keepData(),
                options.postgresPort(),
                options.kafkaPort(),
                options.s3Port(),
                options.partitions(),
                options.home().resolve("embedded-stack/target/s3proxy/s3proxy.jar")));
    List<Integer> apiPorts = new ArrayList<>();
    for (int i = 0; i < options.apis(); i++) {
      apiPorts.add(options.apiPort() == 0 ? freePort() : options.apiPort() + i);
    }
    LocalProduct product = new LocalProduct(stack, apiPorts);
    try {
      Map<String, String> env = environment(stack.applicationProperties());
      // a developer's Ctrl-C should not wait out the production grace period
      env.put("MICRONAUT_LIFECYCLE_GRACEFUL_SHUTDOWN_GRACE_PERIOD", "3s");
      for (int i = 0; i < apiPorts.size(); i++) {
        Map<String, String> apiEnv = new LinkedHashMap<>(env);
        apiEnv.put("MICRONAUT_SERVER_PORT", String.valueOf(apiPorts.get(i)));
        // this machine only, and (unless the options turn it on) without authentication: say so
        apiEnv.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        apiEnv.put("DARKROOM_AUTH_ENABLED", "false");
        apiEnv.put("ENDPOINTS_HEALTH_DETAILS_VISIBLE", "ANONYMOUS");
        apiEnv.putAll(options.appEnvironment());
        product.supervise(
            i == 0 ? "api" : "api-" + (i + 1),
            apiJar,
            "io.darkroom.api.Application",
            options.apiJvmOptions(),
            apiEnv,
            out);
      }
      for (int i = 1; i <= options.workers(); i++) {
        Map<String, String> workerEnv = new LinkedHashMap<>(env);
        int workerPort = freePort();
        product.workerPorts.put("worker-" + i, workerPort);
        workerEnv.put("MICRONAUT_SERVER_PORT", String.valueOf(workerPort));
        workerEnv.put("MICRONAUT_SERVER_HOST", "127.0.0.1");
        workerEnv.putAll(options.appEnvironment());
        product.supervise(
            "worker-" + i,
            workerJar,
            "io.darkroom.worker.Application",
            options.workerJvmOptions(),
            workerEnv,
            out);
      }
      product.awaitHealthy(Duration.ofSeconds(120));
      return product;
    } catch (RuntimeException e) {
      product.close();
      throw e;
    }
  }

  /**
   * Starts an app and starts it again whenever it exits while the product runs, as the compose
   * file's restart policy does: a worker that an image killed comes back (the image, counted as an
   * unfinished attempt, ends as poison after a few such deaths), and so does an api that was
   * killed.
   */
  private void supervise(
      String name,
      Path jar,
      String mainClass,
      List<String> jvmOptions,
      Map<String, String> env,
      PrintStream out) {
    // workers yield the CPU to the api when both are busy on one host: uploads stay responsive
    // while a backlog is processed (docs/benchmarks.md, "Workers yield")
    int niceness = name.startsWith("worker") ? WORKER_NICENESS : 0;
    ChildProcess app = ChildProcess.start(name, jar, mainClass, jvmOptions, env, niceness, out);
    apps.add(app);
    app.onExit()
        .thenRun(
            () -> {
              if (closing) {
                return;
              }
              apps.remove(app);
              out.println(
                  name
                      + " (pid "
                      + app.pid()
                      + ") exited with "
                      + app.exitValue()
                      + "; starting it again");
              supervise(name, jar, mainClass, jvmOptions, env, out);
            });
  }

  EmbeddedStack stack() {
    return stack;
  }

  /** The running worker called {@code name}, if any (a restarted one has a new pid). */
  Optional<ChildProcess> worker(String name) {
    return apps.stream().filter(a -> a.name().equals(name) && a.isAlive()).findFirst();
  }

  /** The running (first) api, if any (a restarted one has a new pid). */
  Optional<ChildProcess> api() {
    return worker("api");
  }

  /** The first api. */
  URI apiUri() {
    return apiUris().get(0);
  }

  /** Every api instance, the first one first. */
  List<URI> apiUris() {
    return apiPorts.stream().map(port -> URI.create("http://localhost:" + port)).toList();
  }

  /** Whether {@code app} is an api instance (not a worker). */
  static boolean isApi(ChildProcess app) {
    return app.name().equals("api") || app.name().startsWith("api-");
  }

  /**
   * Where worker {@code name} ("worker-1" ...) serves its health and metrics; a restart keeps it.
   */
  URI workerUri(String name) {
    Integer port = workerPorts.get(name);
    if (port == null) {
      throw new IllegalArgumentException("no worker " + name);
    }
    return URI.create("http://localhost:" + port);
  }

  List<ChildProcess> apps() {
    return apps;
  }

  private void awaitHealthy(Duration timeout) {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (ChildProcess app : apps) {
        if (!app.isAlive()) {
          throw new IllegalStateException(app.name() + " exited during start-up; its log is above");
        }
      }
      try {
        boolean allUp = true;
        for (URI api : apiUris()) {
          HttpResponse<Void> response =
              http.send(
                  HttpRequest.newBuilder(api.resolve("/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          allUp &= response.statusCode() == 200;
        }
        if (allUp) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the api", e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the api did not become healthy within " + timeout);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** Stops apps first, so they finish in-flight work against a live stack, then the stack. */
  @Override
  public void close() {
    closing = true;
    apps.parallelStream().forEach(ChildProcess::stop);
    stack.close();
  }

  /**
   * Configuration keys become environment variables, as in a container (datasources.default.url ->
   * DATASOURCES_DEFAULT_URL).
   */
  static Map<String, String> environment(Map<String, String> properties) {
    Map<String, String> env = new LinkedHashMap<>();
    properties.forEach(
        (key, value) ->
            env.put(key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT), value));
    return env;
  }

  /**
   * The module's jar of this launcher's version; without one (the launcher runs from classes, as in
   * tests), the newest. A checkout updated across versions keeps the old jars in target/, and the
   * first one listed could be any of them.
   */
  private static Path appJar(Path home, String module) {
    Path target = home.resolve(module).resolve("target");
    String version = LocalProduct.class.getPackage().getImplementationVersion();
    if (version != null && Files.isRegularFile(target.resolve(module + "-" + version + ".jar"))) {
      return target.resolve(module + "-" + version + ".jar");
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(p -> p.getFileName().toString().matches(module + "-[^-]+.*\\.jar"))
          .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "no " + module + " jar in " + target + ": run mvn package first"));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "no " + target + ": build the project first (mvn -DskipTests package)", e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
