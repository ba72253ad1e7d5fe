package io.darkroom.local.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop throughput of the presign endpoint: {@code concurrency} keep-alive connections each
 * ask for the next upload URL as soon as the last one is answered. A warm-up (JIT, connection and
 * database pools) is run first and not counted; then only responses that complete inside the
 * measured window count, so the rate is requests answered per second of that window.
 */
public final class PresignRate {
  /**
   * What one measurement saw: successful requests and their latencies (microseconds) in the window,
   * errors over warm-up and window.
   */
  public record Result(
      int connections,
      Duration warmup,
      long warmupRequests,
      long requests,
      long errors,
      double seconds,
      long p50Micros,
      long p95Micros,
      long p99Micros) {
    public double perSecond() {
      return requests / seconds;
    }

    @Override
    public String toString() {
      return String.format(
          "presign: %d requests in %.0f s = %.0f req/s, %d errors, latency p50 %.1f ms, p95 %.1f ms,"
              + " p99 %.1f ms (%d connections, after a %d s warm-up that got %.0f req/s)",
          requests,
          seconds,
          perSecond(),
          errors,
          p50Micros / 1000.0,
          p95Micros / 1000.0,
          p99Micros / 1000.0,
          connections,
          warmup.toSeconds(),
          warmupRequests / (warmup.toNanos() / 1e9));
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder()
          // plain HTTP/1.1 keep-alive, as load balancers and most clients speak to an api
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final HttpRequest request;
  private final AtomicReference<String> firstError = new AtomicReference<>();

  public PresignRate(URI api) {
    this.request =
        authorized(
                HttpRequest.newBuilder(
                    api.resolve("/api/v1/images/actions/upload-url?extension=jpg&size=2483112")))
            .build();
  }

  /**
   * Adds {@code Authorization: Bearer $DARKROOM_TOKEN} when that is set (a deployment with auth
   * on). Kept in this class so that it still runs as a single source file (benchmarks/presign.sh).
   */
  static HttpRequest.Builder authorized(HttpRequest.Builder request) {
    String token = System.getenv("DARKROOM_TOKEN");
    return token == null || token.isBlank()
        ? request
        : request.header("Authorization", "Bearer " + token.strip());
  }

  public Result measure(int concurrency, Duration warmup, Duration window) {
    long start = System.nanoTime();
    long windowStart = start + warmup.toNanos();
    long windowEnd = windowStart + window.toNanos();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong errors = new AtomicLong();
    AtomicLong warmupRequests = new AtomicLong();
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      CompletableFuture<Void> lane = new CompletableFuture<>();
      next(lane, windowStart, windowEnd, latencies, errors, warmupRequests);
      lanes.add(lane);
    }
    CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Result(
        concurrency,
        warmup,
        warmupRequests.get(),
        sorted.length,
        errors.get(),
        window.toNanos() / 1e9,
        percentile(sorted, 50),
        percentile(sorted, 95),
        percentile(sorted, 99));
  }

  private void next(
      CompletableFuture<Void> lane,
      long windowStart,
      long windowEnd,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicLong errors,
      AtomicLong warmupRequests) {
    long sent = System.nanoTime();
    if (sent >= windowEnd) {
      lane.complete(null);
      return;
    }
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              long done = System.nanoTime();
              if (failure != null || response.statusCode() != 200) {
                // warm-up included: every error counts; the first is shown
                if (errors.getAndIncrement() == 0) {
                  firstError.compareAndSet(
                      null, failure != null ? failure.toString() : "HTTP " + response.statusCode());
                }
              } else if (done < windowStart) {
                warmupRequests.incrementAndGet();
              } else if (done < windowEnd) {
                latencies.add((done - sent) / 1000);
              }
              next(lane, windowStart, windowEnd, latencies, errors, warmupRequests);
            });
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** {@code java ... PresignRate http://localhost:8080 [concurrency] [seconds]}. */
  public static void main(String[] args) {
    URI api = URI.create(args.length > 0 ? args[0] : "http://localhost:8080");
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    PresignRate rate = new PresignRate(api);
    Result result = rate.measure(concurrency, Duration.ofSeconds(10), Duration.ofSeconds(seconds));
    System.out.println(result);
    if (rate.firstError() != null) {
      String hint = rate.firstError().equals("HTTP 401") ? " (set DARKROOM_TOKEN to a token)" : "";
      System.out.println("first error: " + rate.firstError() + hint);
    }
  }

  /** The first failure seen (an exception or an unexpected status), or null. */
  public String firstError() {
    return firstError.get();
  }
}
