package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fault-injection suite against the packaged product (api and two workers in JVMs of their own,
 * the embedded stack): traffic of all three upload kinds while a worker and the api are killed with
 * SIGKILL, PostgreSQL, Kafka and the S3 server are stopped and started, and a worker is paused past
 * max.poll.interval.ms; and a CSV import started before each fault, its photos fetched by the
 * workers from 127.0.0.1 ({@link FaultImports}). Then the exact account (see {@link FaultSuite}).
 *
 * <p>{@code mvn verify} runs the short form (outages of 12-40 s). {@code benchmarks/faults.sh} runs
 * the long form ({@code -Ddarkroom.faults=long}: PostgreSQL away 15 min, past every retry window, a
 * worker paused 12 min, past the production max.poll.interval.ms of 10 min). Both write the table
 * to {@code local-run/target/fault-suite.md}.
 */
class FaultSuiteIT {

  @Test
  void shouldEndEveryAcceptedUploadExactlyOnceAndLeaveNothingBehindThroughEveryFault()
      throws Exception {
    boolean longForm = "long".equals(System.getProperty("darkroom.faults"));
    FaultSuite.Timings timings =
        longForm ? FaultSuite.Timings.longForm() : FaultSuite.Timings.shortForm();
    List<String> workerJvm = new ArrayList<>(LocalProduct.APP_JVM_OPTIONS);
    if (!longForm) {
      // the pause outlasts it, as the long form's 12 minutes outlast the production 10
      workerJvm.add("-Dkafka.consumers.darkroom-workers.max.poll.interval.ms=20000");
    }
    AppliedOutcomes applied = new AppliedOutcomes(System.out);
    long started = System.nanoTime();
    FaultSuite.Report report;
    try (LocalProduct product =
        LocalProduct.start(
            new LocalProduct.Options(
                Path.of(System.getProperty("darkroom.home")),
                Path.of("target/fault-product"),
                false,
                0,
                2,
                0,
                0,
                0,
                4,
                LocalProduct.APP_JVM_OPTIONS,
                Map.of(
                    // objects an api killed mid-upload left without a row: found and removed
                    // while the suite drains (an upload never takes longer than the grace)
                    "DARKROOM_CLEANUP_RECONCILIATION_INTERVAL", "20s",
                    "DARKROOM_CLEANUP_ORPHAN_GRACE", "45s",
                    // the import scenario's photos and webhook receiver are on this machine
                    "DARKROOM_FETCH_ALLOWED_RANGES", "127.0.0.1/32",
                    "DARKROOM_WEBHOOKS_ALLOWED_RANGES", "127.0.0.1/32"),
                workerJvm),
            applied)) {
      report =
          new FaultSuite(product, timings, applied)
              .run(longForm ? 4.0 : 3.0, Duration.ofMinutes(longForm ? 30 : 5));
    }
    String table =
        report.table()
            + String.format(
                "%n%s form, %d s in all, load average %s at the end%n",
                longForm ? "long" : "short",
                Duration.ofNanos(System.nanoTime() - started).toSeconds(),
                Files.readString(Path.of("/proc/loadavg")).strip());
    System.out.println(table);
    Files.writeString(Path.of("target/fault-suite.md"), table);

    assertThat(report.lostIds()).as("accepted uploads not ended").isEmpty();
    assertThat(report.orphanObjects()).as("objects without a row").isZero();
    assertThat(report.rowsMissingObjects()).as("succeeded rows missing objects").isZero();
    assertThat(report.successesAppliedTwice()).as("successes applied twice").isZero();
    assertThat(report.imports())
        .as("an import started before each fault")
        .hasSize(report.rows().size())
        .allSatisfy(
            account ->
                assertThat(account.exact())
                    .as(
                        "import before %s completed once with counts that add up: %s",
                        account.fault(), account)
                    .isTrue());
    assertThat(report.rows())
        .allSatisfy(
            row -> {
              assertThat(row.accepted()).as(row.fault() + ": uploads accepted").isPositive();
              assertThat(row.recovery()).as(row.fault() + ": recovered").isNotNull();
            });
  }
}
