package io.darkroom.stack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A real PostgreSQL 17 from zonky's binaries, with its data under a directory of ours. */
final class PostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
  static final String DATABASE = "postgres";
  static final String USER = "postgres";

  private final EmbeddedPostgres postgres;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static PostgresServer start(Path dataDir, Path workDir, int port, boolean keepData)
      throws IOException {
    stopOrphan(dataDir);
    Files.createDirectories(workDir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(port)
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(!keepData)
            .setOverrideWorkingDirectory(workDir.toFile())
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "200")
            .start();
    return new PostgresServer(postgres);
  }

  int port() {
    return postgres.getPort();
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
                p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
              } catch (Exception e) {
                throw new IllegalStateException(
                    "PostgreSQL pid " + p.pid() + " from an earlier run did not stop", e);
              }
            });
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop cleanly", e);
    }
  }
}
