package io.darkroom.worker.bench;

import com.sun.management.OperatingSystemMXBean;
import io.darkroom.schema.Fit;
import io.darkroom.schema.OutputFormat;
import io.darkroom.schema.RenditionSpec;
import io.darkroom.worker.pipeline.ImagePipeline;
import io.darkroom.worker.pipeline.JpegDecoders;
import io.darkroom.worker.pipeline.PipelineLimits;
import io.darkroom.worker.pipeline.PipelineResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The worker's pipeline on the corpus with the default presets, on one and two threads: images per
 * second, process CPU per image, time per stage, peak heap and peak RSS (libjpeg-turbo's buffers
 * are outside the heap). Run on demand by benchmarks/pipeline-vs-sharp.sh, never by the test suite.
 * Arguments: corpus directory, rounds, JPEG decoder ({@code java} or {@code libjpeg-turbo}).
 */
public final class PipelineBenchmark {
  static final List<RenditionSpec> PRESETS =
      List.of(
          new RenditionSpec("thumbnail", 100, 100, Fit.COVER, OutputFormat.JPEG, 82),
          new RenditionSpec("small", 320, null, Fit.INSIDE, OutputFormat.JPEG, 82),
          new RenditionSpec("medium", 1024, null, Fit.INSIDE, OutputFormat.JPEG, 82),
          new RenditionSpec("large", 2048, null, Fit.INSIDE, OutputFormat.JPEG, 82));

  public static void main(String[] args) throws Exception {
    ImageIO.setUseCache(false);
    Path corpus = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String decoder = args.length > 2 ? args[2] : JpegDecoders.JAVA;
    List<Path> files;
    try (Stream<Path> list = Files.list(corpus)) {
      files = list.filter(p -> p.toString().matches(".*\\.(jpg|png)$")).sorted().toList();
    }
    ImagePipeline pipeline =
        new ImagePipeline(
            new PipelineLimits(100_000_000, 100_000_000, 30_000, Duration.ofMinutes(5), 82, 60),
            decoder.equals(JpegDecoders.JAVA)
                ? JpegDecoders.javaOnly()
                : JpegDecoders.libjpegTurbo());

    run("warm-up", pipeline, files, 1, 1);
    System.out.println(
        decoder + ": per image, one pass (decode / resize / encode ms, decoder that read it):");
    for (Path file : files) {
      PipelineResult r = pipeline.process(file, PRESETS);
      System.out.printf(
          "  %-38s %5dx%-5d %5d / %4d / %4d  %s%n",
          file.getFileName(),
          r.sourceWidth(),
          r.sourceHeight(),
          r.decodeMs(),
          r.resizeMs(),
          r.encodeMs(),
          r.decoder());
    }
    // CPU per image, file by file, for the per-image ratios pipeline-vs-sharp.sh prints
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (Path file : files) {
      long cpu0 = os.getProcessCpuTime();
      for (int r = 0; r < rounds; r++) {
        pipeline.process(file, PRESETS);
      }
      System.out.printf(
          "%s-per-image %s %.0f%n",
          decoder, file.getFileName(), (os.getProcessCpuTime() - cpu0) / 1e6 / rounds);
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    run(decoder + " 1 thread", pipeline, files, rounds, 1);
    run(decoder + " 2 threads", pipeline, files, rounds, 2);
    long peakHeap =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .mapToLong(p -> p.getPeakUsage().getUsed())
            .sum();
    System.out.printf(
        "%s peak heap (sum of pool peaks): %d MB of -Xmx %d MB; peak RSS %s%n",
        decoder, peakHeap >> 20, Runtime.getRuntime().maxMemory() >> 20, peakRss());
  }

  /** The process's peak resident memory, heap, native buffers and JIT included (Linux). */
  private static String peakRss() throws Exception {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("VmHWM:"))
        .map(line -> (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB")
        .findFirst()
        .orElse("unknown");
  }

  private static void run(
      String label, ImagePipeline pipeline, List<Path> files, int rounds, int threads)
      throws Exception {
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    AtomicLong read = new AtomicLong();
    AtomicLong decode = new AtomicLong();
    AtomicLong resize = new AtomicLong();
    AtomicLong encode = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    List<Future<?>> tasks = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      for (Path file : files) {
        tasks.add(
            pool.submit(
                () -> {
                  long r0 = System.nanoTime();
                  // "read": what the worker does before decoding, copying the original to a file
                  Path copy = Files.createTempFile("bench", ".src");
                  Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                  read.addAndGet(System.nanoTime() - r0);
                  PipelineResult result = pipeline.process(copy, PRESETS);
                  Files.delete(copy);
                  decode.addAndGet(result.decodeMs());
                  resize.addAndGet(result.resizeMs());
                  encode.addAndGet(result.encodeMs());
                  return null;
                }));
      }
    }
    for (Future<?> task : tasks) {
      task.get();
    }
    long wall = System.nanoTime() - t0;
    long cpu = os.getProcessCpuTime() - cpu0;
    pool.shutdown();
    int images = tasks.size();
    System.out.printf(
        "%-24s images=%d  %.2f images/s  cpu/image=%.0f ms  wall/image=%.0f ms  stages/image:"
            + " read=%.0f decode=%.0f resize=%.0f encode=%.0f ms%n",
        label,
        images,
        images / (wall / 1e9),
        cpu / 1e6 / images,
        wall / 1e6 / images,
        read.get() / 1e6 / images,
        (double) decode.get() / images,
        (double) resize.get() / images,
        (double) encode.get() / images);
  }
}
