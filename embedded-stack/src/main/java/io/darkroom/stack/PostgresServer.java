package io.darkroom.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 17 from zonky's binaries, with its data under a directory of ours. A test can
 * stop it and start it again, on the same port with the same data, to take the database away.
 */
public final class PostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  static final String DATABASE = "postgres";
  static final String USER = "postgres";

  private final Path dataDir;
  private final Path workDir;
  private final int port;
  private EmbeddedPostgres postgres;

  private PostgresServer(Path dataDir, Path workDir, int port, EmbeddedPostgres postgres) {
    this.dataDir = dataDir;
    this.workDir = workDir;
    this.port = port;
    this.postgres = postgres;
  }

  static PostgresServer start(Path dataDir, Path workDir, int port, boolean keepData)
      throws IOException {
    stopOrphan(dataDir);
    Files.createDirectories(workDir);
    if (!keepData) {
      wipe(dataDir);
    }
    EmbeddedPostgres postgres = launch(dataDir, workDir, port);
    return new PostgresServer(dataDir, workDir, postgres.getPort(), postgres);
  }

  /**
   * Never zonky's clean-up: it deletes the data when the server stops, and a server stopped to take
   * the database away must come back with its data. A fresh stack is wiped before it starts.
   */
  private static EmbeddedPostgres launch(Path dataDir, Path workDir, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(workDir.toFile())
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("max_connections", "200")
        .start();
  }

  /**
   * Stops the server (a fast shutdown: open connections are cut); {@link #start} brings it back.
   */
  public synchronized void stop() {
    if (postgres != null) {
      close();
      postgres = null;
    }
  }

  /** Starts a stopped server again on the same port, with the data it had. */
  public synchronized void start() {
    if (postgres == null) {
      try {
        postgres = launch(dataDir, workDir, port);
      } catch (IOException e) {
        throw new UncheckedIOException("PostgreSQL did not start again", e);
      }
    }
  }

  int port() {
    return port;
  }

  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
  }

  /**
   * A postmaster left running by a JVM that was killed (zonky's own shutdown hook never ran) still
   * holds the data directory. The caller holds the stack's directory lock, so no live stack owns
   * it: stop it.
   */
  private static void stopOrphan(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan;
    try {
      List<String> lines = Files.readAllLines(pidFile);
      orphan =
          lines.isEmpty()
              ? Optional.empty()
              : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
    } catch (IOException | NumberFormatException e) {
      LOG.warn("Unreadable {}; leaving it to PostgreSQL", pidFile);
      return;
    }
    orphan
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
        .ifPresent(
            p -> {
              LOG.warn("Stopping PostgreSQL (pid {}) left behind by an earlier run", p.pid());
              p.destroy(); // SIGTERM: a clean shutdown that keeps the data consistent
              try {
                p.onExit().get(60, TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException(
                    "PostgreSQL pid " + p.pid() + " from an earlier run did not stop", e);
              }
            });
  }

  @Override
  public synchronized void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    }
  }
}
