package io.darkroom.stack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3 server: s3proxy on its filesystem store, in a child JVM of its own. s3proxy checks
 * signatures and enforces presigned POST policies like MinIO does; its 161 dependencies never touch
 * our classpath. The child runs under {@link ParentWatchdog}, so it dies with us. It can be stopped
 * and started again on the same port and data, which the failure tests use to take storage away
 * mid-flight.
 */
public final class S3Server implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(S3Server.class);
  public static final String REGION = "us-east-1";

  /**
   * The largest request body the server buffers (a form POST, a signed PUT): above the presigned
   * upload limit's default (25 MB) and its form fields, well inside the server's 256 MB heap.
   */
  public static final long MAX_BUFFERED_REQUEST_BYTES = 32L * 1024 * 1024;

  private final Path jar;
  private final Path dataDir;
  private final int port;
  private final String accessKey;
  private final String secretKey;
  private Process process;

  S3Server(Path jar, Path dataDir, int port, String accessKey, String secretKey) {
    this.jar = jar;
    this.dataDir = dataDir;
    this.port = port;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "s3proxy jar not found at "
              + jar
              + ": build the embedded-stack module first (mvn package)");
    }
    Ports.requireFree("S3", port);
    try {
      Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
      Path config = dataDir.resolve("s3proxy.properties");
      Properties props = new Properties();
      // this machine only: its credentials are printed in the local run's banner
      props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
      props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
      props.setProperty("s3proxy.identity", accessKey);
      props.setProperty("s3proxy.credential", secretKey);
      // Browsers PUT and POST straight to presigned URLs from the app's origin.
      props.setProperty("s3proxy.cors-allow-all", "true");
      // s3proxy holds a signed PUT's or a form POST's whole body in its heap before it checks the
      // signature or the policy. Its default cap (128 MiB) is more than its heap holds: a POST of
      // 60 MB ran it out of memory and answered 500 "Try again". Below this cap a POST over the
      // policy gets EntityTooLarge, above it MaxMessageLengthExceeded: both 400, as MinIO answers.
      // Everything we send fits: the api streams in 5 MiB parts, and presigned PUTs are unsigned.
      props.setProperty(
          "s3proxy.v4-max-non-chunked-request-size", String.valueOf(MAX_BUFFERED_REQUEST_BYTES));
      props.setProperty("jclouds.provider", "filesystem");
      props.setProperty("jclouds.filesystem.basedir", blobs.toString());
      try (var out = Files.newBufferedWriter(config)) {
        props.store(out, "written by the embedded stack on every start");
      }
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> command =
          List.of(
              javaBin,
              "-Xmx256m",
              "-XX:+UseSerialGC",
              "-cp",
              jar + File.pathSeparator + ownCodeSource(),
              ParentWatchdog.class.getName(),
              "org.gaul.s3proxy.Main",
              "--properties",
              config.toString());
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(dataDir.resolve("s3proxy.log").toFile()))
              .start();
      Ports.await(
          "S3 server on port " + port,
          Duration.ofSeconds(60),
          () -> {
            if (!process.isAlive()) {
              throw new IllegalStateException(
                  "S3 server exited with "
                      + process.exitValue()
                      + "; see "
                      + dataDir.resolve("s3proxy.log"));
            }
            return Ports.accepts(port);
          });
      LOG.debug("S3 server up on {}", endpoint());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the S3 server", e);
    }
  }

  /** Stops the server; its data stays for the next {@link #start()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  @Override
  public void close() {
    stop();
  }

  private static Path ownCodeSource() {
    try {
      return Path.of(
          ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
