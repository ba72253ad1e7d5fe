package io.darkroom.local;

import io.darkroom.testkit.TestHttp;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;

/**
 * Resumable-upload throughput, on demand (benchmarks/multipart.sh), never in the test suite: the
 * local product (no worker: what is measured is the upload) takes a 200 MB uncompressed TIFF
 * through the multipart flow on localhost with 1, 3 and 6 parts in flight. Prints MB/s of the
 * parts, the time to complete (assembly, the copy to the original, the header check), and the api's
 * CPU per GB, which must stay near zero: the api only signs. Arguments: output dir, file MB, part
 * MB, parallelism list.
 */
public final class MultipartBenchmark {
  private static final JsonMapper JSON = JsonMapper.createDefault();

  private MultipartBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home", ".")).toAbsolutePath();
    Path out = Files.createDirectories(Path.of(args[0]));
    int fileMb = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int partMb = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    List<Integer> parallelism = new ArrayList<>();
    for (String p : (args.length > 3 ? args[3] : "1,3,6").split(",")) {
      parallelism.add(Integer.parseInt(p.strip()));
    }
    Path file = tiff(out.resolve("large.tif"), fileMb);
    long size = Files.size(file);
    PrintStream report = System.out;
    report.printf(
        "%.1f MB uncompressed TIFF in %d MiB parts, localhost, no worker running%n",
        size / 1e6, partMb);
    try (PrintStream quiet = new PrintStream(Files.newOutputStream(out.resolve("product.log")));
        LocalProduct product =
            LocalProduct.start(
                new LocalProduct.Options(
                    home,
                    home.resolve("local-run/target/multipart-bench"),
                    false,
                    0,
                    0,
                    0,
                    0,
                    0,
                    4,
                    LocalProduct.APP_JVM_OPTIONS,
                    Map.of()),
                quiet)) {
      long apiPid =
          product.apps().stream()
              .filter(a -> a.name().equals("api"))
              .findFirst()
              .orElseThrow()
              .pid();
      TestHttp http = new TestHttp(product.apiUri());
      // uploads unreported first: class loading and JIT of the path are not the steady cost
      for (int i = 0; i < 5; i++) {
        run(
            http,
            file,
            size,
            partMb * 1024L * 1024,
            3,
            apiPid,
            0,
            new PrintStream(java.io.OutputStream.nullOutputStream()));
      }
      // what the api burns doing nothing (its schedulers, the Kafka consumer), subtracted below:
      // a fixed window of idle time is the measurement, not a wait for something
      double idleBefore = ProcessCpu.seconds(apiPid);
      long idleStarted = System.nanoTime();
      java.util.concurrent.TimeUnit.SECONDS.sleep(10);
      double idlePerSecond =
          (ProcessCpu.seconds(apiPid) - idleBefore) / ((System.nanoTime() - idleStarted) / 1e9);
      report.printf("api idle: %.3f CPU s per s%n", idlePerSecond);
      report.printf(
          "%-9s %8s %8s %10s %12s %14s %18s%n",
          "parallel", "parts", "MB/s", "parts s", "complete s", "api CPU s/GB", "above idle s/GB");
      for (int parallel : parallelism) {
        run(http, file, size, partMb * 1024L * 1024, parallel, apiPid, idlePerSecond, report);
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void run(
      TestHttp http,
      Path file,
      long size,
      long partBytes,
      int parallel,
      long apiPid,
      double idlePerSecond,
      PrintStream report)
      throws Exception {
    JsonNode upload =
        JSON.readValue(
            http.postJson(
                    "/api/v1/uploads/s3/multipart",
                    "{\"filename\":\"large.tif\",\"type\":\"image/tiff\",\"metadata\":{\"size\":"
                        + size
                        + "}}")
                .body(),
            JsonNode.class);
    String base = "/api/v1/uploads/s3/multipart/" + upload.get("uploadId").getStringValue();
    String key =
        "?key=" + URLEncoder.encode(upload.get("key").getStringValue(), StandardCharsets.UTF_8);
    int parts = (int) ((size + partBytes - 1) / partBytes);
    double cpuBefore = ProcessCpu.seconds(apiPid);
    long started = System.nanoTime();
    HttpClient storage = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    List<Future<String>> etags = new ArrayList<>();
    for (int n = 1; n <= parts; n++) {
      int number = n;
      etags.add(
          pool.submit(
              () -> {
                String url =
                    JSON.readValue(http.get(base + "/" + number + key).body(), JsonNode.class)
                        .get("url")
                        .getStringValue();
                byte[] bytes = slice(file, (number - 1) * partBytes, partBytes);
                HttpResponse<String> put =
                    storage.send(
                        HttpRequest.newBuilder(URI.create(url))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() != 200) {
                  throw new IllegalStateException("part " + number + ": " + put.statusCode());
                }
                return put.headers().firstValue("ETag").orElseThrow();
              }));
    }
    StringBuilder body = new StringBuilder("{\"parts\":[");
    for (int i = 0; i < etags.size(); i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"PartNumber\":")
          .append(i + 1)
          .append(",\"ETag\":\"")
          .append(etags.get(i).get().replace("\"", "\\\""))
          .append("\"}");
    }
    pool.shutdown();
    double partSeconds = (System.nanoTime() - started) / 1e9;
    double cpuAfterParts = ProcessCpu.seconds(apiPid);
    long completeStarted = System.nanoTime();
    HttpResponse<String> completed = http.postJson(base + "/complete" + key, body + "]}");
    double completeSeconds = (System.nanoTime() - completeStarted) / 1e9;
    if (completed.statusCode() != 200) {
      throw new IllegalStateException(
          "complete: " + completed.statusCode() + " " + completed.body());
    }
    double cpuAfter = ProcessCpu.seconds(apiPid);
    double apiCpu = cpuAfter - cpuBefore;
    double idle = idlePerSecond * (System.nanoTime() - started) / 1e9;
    if (System.getenv("DARKROOM_BENCH_PHASES") != null) {
      report.printf(
          "  api CPU: signing %.2f s, completing %.2f s%n",
          cpuAfterParts - cpuBefore, cpuAfter - cpuAfterParts);
    }
    report.printf(
        "%-9d %8d %8.1f %10.2f %12.2f %14.3f %18.3f%n",
        parallel,
        parts,
        size / 1e6 / partSeconds,
        partSeconds,
        completeSeconds,
        apiCpu / (size / 1e9),
        Math.max(0, apiCpu - idle) / (size / 1e9));
    String image = JSON.readValue(completed.body(), JsonNode.class).get("imageId").getStringValue();
    http.delete("/api/v1/images/" + image);
  }

  private static byte[] slice(Path file, long offset, long length) throws Exception {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      byte[] bytes = new byte[(int) Math.min(length, in.length() - offset)];
      in.seek(offset);
      in.readFully(bytes);
      return bytes;
    }
  }

  /** utime + stime of a process, in clock ticks. */

  /** An uncompressed RGB TIFF of about {@code mb} megabytes of noise. */
  static Path tiff(Path target, int mb) throws Exception {
    int side = (int) Math.sqrt(mb * 1e6 / 3);
    BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_3BYTE_BGR);
    new Random(7).nextBytes(((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    if (!ImageIO.write(image, "tiff", target.toFile())) {
      throw new IllegalStateException("no TIFF writer");
    }
    return target;
  }
}
