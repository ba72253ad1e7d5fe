package io.darkroom.stack;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Runs another main class in a child JVM and exits that JVM when its parent dies, however the
 * parent died.
 *
 * <p>The parent starts the child with a pipe on stdin and never writes to it. When the parent
 * exits, even by {@code kill -9}, the operating system closes the pipe, this thread reads
 * end-of-file and calls {@link System#exit}, which runs the child's own shutdown hooks (Micronaut's
 * graceful shutdown included). This is what keeps a crashed local run or test JVM from leaving an
 * api, a worker or an S3 server behind.
 *
 * <p>Usage: {@code java -cp <app>:<this jar> io.darkroom.stack.ParentWatchdog <main-class>
 * [args...]}
 */
public final class ParentWatchdog {
  private ParentWatchdog() {}

  public static void main(String[] args) throws Throwable {
    if (args.length == 0) {
      System.err.println("usage: ParentWatchdog <main-class> [args...]");
      System.exit(2);
    }
    Thread watchdog = new Thread(() -> awaitEndOfInput(System.in), "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    try {
      Class.forName(args[0])
          .getMethod("main", String[].class)
          .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] sink = new byte[64];
    try {
      while (in.read(sink) != -1) {
        // the parent never writes; anything read is ignored
      }
    } catch (IOException ignored) {
      // a broken pipe means the same as end-of-file: the parent is gone
    }
    System.exit(0);
  }
}
