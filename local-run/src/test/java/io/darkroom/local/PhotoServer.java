package io.darkroom.local;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A folder of photos served on 127.0.0.1, as {@code python3 -m http.server} serves it in the
 * README's walkthrough: 200 with the file, 404 for anything else. Counts requests per path.
 */
final class PhotoServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();

  private PhotoServer(HttpServer server) {
    this.server = server;
  }

  static PhotoServer serve(Path folder) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      PhotoServer photos = new PhotoServer(server);
      server.createContext(
          "/",
          exchange -> {
            photos.total.incrementAndGet();
            photos.mostInFlight.accumulateAndGet(photos.inFlight.incrementAndGet(), Math::max);
            try {
              String name = exchange.getRequestURI().getPath().substring(1);
              photos
                  .requests
                  .computeIfAbsent("/" + name, p -> new AtomicInteger())
                  .incrementAndGet();
              Path file = folder.resolve(name).normalize();
              if (name.isEmpty() || name.contains("/") || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
              }
              exchange.sendResponseHeaders(200, Files.size(file));
              try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
              }
            } finally {
              photos.inFlight.decrementAndGet();
            }
          });
      server.setExecutor(Executors.newFixedThreadPool(16));
      server.start();
      return photos;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int requests(String path) {
    AtomicInteger count = requests.get(path);
    return count == null ? 0 : count.get();
  }

  /** Requests answered in all. */
  int total() {
    return total.get();
  }

  /** The most requests that were being answered at once (the fetchers' politeness, seen here). */
  int mostInFlight() {
    return mostInFlight.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
