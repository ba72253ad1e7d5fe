package io.darkroom.local;

import io.darkroom.stack.ParentWatchdog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An api or worker JVM started from its packaged jar, under {@link ParentWatchdog} so it cannot
 * outlive this process. Its output is copied to ours with a name prefix, like {@code docker
 * compose} does.
 */
final class ChildProcess {
  private static final Path NICE = Path.of("/usr/bin/nice");

  private final String name;
  private final Process process;

  private ChildProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * @param niceness above 0, the JVM runs at that lower CPU priority ({@code nice -n}, which execs
   *     it: the pid is the JVM's), where {@code nice} exists
   */
  static ChildProcess start(
      String name,
      Path jar,
      String mainClass,
      List<String> jvmOptions,
      Map<String, String> env,
      int niceness,
      PrintStream out) {
    List<String> command = new ArrayList<>();
    if (niceness > 0 && Files.isExecutable(NICE)) {
      command.addAll(List.of(NICE.toString(), "-n", String.valueOf(niceness)));
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    // The jar's manifest names its lib/ folder; the watchdog class comes from the embedded-stack
    // jar.
    command.add(jar + File.pathSeparator + watchdogLocation());
    command.add(ParentWatchdog.class.getName());
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      Thread pump = new Thread(() -> pump(name, process, out), name + "-output");
      pump.setDaemon(true);
      pump.start();
      return new ChildProcess(name, process);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + name, e);
    }
  }

  String name() {
    return name;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  int exitValue() {
    return process.exitValue();
  }

  /** SIGKILL at once, as the kernel's OOM killer or an operator's kill -9 would. */
  void kill() {
    process.destroyForcibly();
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /**
   * SIGTERM, as an orchestrator sends it, without waiting: {@link #onExit()} tells when it ended.
   * Sent through the process handle: {@link Process#destroy()} would also close the pipes, so the
   * child would read end-of-file on stdin (its {@code ParentWatchdog} exits at once) and what it
   * logs while stopping would be lost.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  /** SIGTERM, which runs the child's graceful shutdown; SIGKILL only if that takes too long. */
  void stop() {
    if (!process.isAlive()) {
      return;
    }
    terminate();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static void pump(String name, Process process, PrintStream out) {
    String prefix = String.format("%-9s| ", name);
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        out.println(prefix + line);
      }
    } catch (IOException ignored) {
      // the child is gone
    }
  }

  private static Path watchdogLocation() {
    try {
      return Path.of(
          ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
