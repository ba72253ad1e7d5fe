package io.darkroom.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

final class Ports {
  private Ports() {}

  /**
   * Ports handed out for 0 come from below Linux's ephemeral range (32768-60999): a port the kernel
   * gave a listening socket a moment ago is also one it may give the next outgoing connection of
   * any process, before the server that was meant to take it binds it (seen as "PostgreSQL port
   * 42669 is already in use").
   */
  static final int FIRST = 20_000;

  static final int END = 32_768;

  /** A port that was free a moment ago; 0 asks for any free one. */
  static int freeOr(int requested) {
    if (requested != 0) {
      return requested;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, END);
      if (bindable(port)) {
        return port;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The port a service of the stack will listen on: the one requested, checked free; for 0, one
   * that is bindable now and none of {@code taken} (the ports chosen for the stack's other
   * services, which may not be listening yet). One check per port: a second one moments later could
   * only find what the first found, or fail a start for a port nobody needed.
   */
  static int claim(String what, int requested, Collection<Integer> taken) {
    if (requested != 0) {
      requireFree(what, requested);
      return requested;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FIRST, END);
      if (!taken.contains(port) && bindable(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port for " + what + " between " + FIRST + " and " + (END - 1));
  }

  static void requireFree(String what, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          what + " port " + port + " is already in use: stop what holds it or choose another port",
          e);
    }
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls {@code condition} every 50 ms; readiness checks at start-up only, never in tests. */
  static void await(String what, Duration timeout, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + " did not become ready within " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
