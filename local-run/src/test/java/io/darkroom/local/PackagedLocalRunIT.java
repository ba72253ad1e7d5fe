package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's first command as it runs, from the packaged jar and its manifest classpath (the
 * other local-run tests start the product from the test classpath, which hides a dependency the jar
 * lacks: a test-scope declaration of a runtime dependency once took Jackson off it, and the stack
 * could not start).
 */
class PackagedLocalRunIT {
  private static final Pattern API = Pattern.compile(" API {12}(http://\\S+)/api/v1/images");

  @Test
  void shouldStartTheWholeProductFromThePackagedJarAndStopOnSigterm() throws Exception {
    Path home = Path.of(System.getProperty("darkroom.home"));
    Process run =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Ddarkroom.home=" + home,
                "-jar",
                jar().toString(),
                "--workers=0",
                "--api-port=0",
                "--postgres-port=0",
                "--kafka-port=0",
                "--s3-port=0",
                "--data-dir=" + Path.of("target", "packaged-run").toAbsolutePath())
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    try {
      URI api = awaitBanner(run, output);

      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(api.resolve("/health/readiness")).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    } finally {
      run.destroy(); // SIGTERM, as Ctrl-C would
      assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(String.join("\n", output)).isTrue();
    }
  }

  /** The api's address from the banner; fails with the output if the launcher dies first. */
  private static URI awaitBanner(Process run, List<String> output) throws Exception {
    CompletableFuture<URI> api = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher match = API.matcher(line);
                  if (match.find()) {
                    api.complete(URI.create(match.group(1)));
                  }
                }
                api.completeExceptionally(new IllegalStateException("the launcher ended"));
              } catch (IOException e) {
                api.completeExceptionally(e);
              }
            },
            "packaged-run-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return api.get(180, TimeUnit.SECONDS);
    } catch (Exception e) {
      synchronized (output) {
        throw new AssertionError("no banner; the launcher said:\n" + String.join("\n", output), e);
      }
    }
  }

  private static Path jar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "local-run-*.jar")) {
      for (Path jar : jars) {
        return jar;
      }
    }
    throw new IllegalStateException("no packaged local-run jar in target/");
  }
}
