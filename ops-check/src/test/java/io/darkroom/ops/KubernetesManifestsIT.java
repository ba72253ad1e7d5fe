package io.darkroom.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests under {@code k8s/}, checked offline by {@code k8s/check/check.mjs}:
 * rendered like kustomize, validated against the Kubernetes and KEDA schemas, held to the project's
 * rules. The base and the local overlay must pass; each fixture under {@code k8s/check/fixtures/}
 * must fail with its messages.
 */
class KubernetesManifestsIT {

  private static final Path HOME =
      Path.of(System.getProperty("darkroom.home", "..")).toAbsolutePath().normalize();
  private static final Path CHECK = HOME.resolve("k8s/check");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);

  /**
   * The lockfile npm writes into node_modules on every install: older than package-lock.json means
   * stale.
   */
  private static final Path INSTALLED_LOCK = CHECK.resolve("node_modules/.package-lock.json");

  @BeforeAll
  static void installTheCheckersDependenciesOnce() throws Exception {
    Path lock = CHECK.resolve("package-lock.json");
    assertThat(lock).as("k8s/check under darkroom.home=%s", HOME).exists();
    if (Files.exists(INSTALLED_LOCK)
        && !Files.getLastModifiedTime(INSTALLED_LOCK)
            .toInstant()
            .isBefore(Files.getLastModifiedTime(lock).toInstant())) {
      return;
    }
    Run install = run(INSTALL_TIMEOUT, "npm", "ci", "--no-audit", "--no-fund");
    assertThat(install.exitCode()).as("npm ci in k8s/check:\n%s", install.output()).isZero();
  }

  @Test
  void shouldAcceptEveryManifestOfBaseAndLocalOverlay() throws Exception {
    for (String dir : List.of("../base", "../overlays/local")) {
      Run check = check(dir);

      assertThat(check.exitCode()).as(check.output()).isZero();
      assertThat(check.output())
          .contains("== " + dir)
          .contains(
              "Deployment 2", "Service 1", "HorizontalPodAutoscaler 1", "PodDisruptionBudget 2")
          .contains("ScaledObject 1", "NetworkPolicy 6", "ConfigMap 1", "Namespace 1")
          .contains("OK: 0 violations");
    }
  }

  @Test
  void shouldRenderTheLocalOverlayWithItsRegistryAddressesAndSmallerRequests() throws Exception {
    Run render = run(CHECK_TIMEOUT, "node", "check.mjs", "--render", "../overlays/local");

    assertThat(render.exitCode()).as(render.output()).isZero();
    assertThat(render.output())
        .contains(
            "image: localhost:5001/darkroom-api:0.2.0",
            "image: localhost:5001/darkroom-worker:0.2.0")
        .contains("postgres-url: jdbc:postgresql://darkroom-pg-rw.darkroom-deps.svc:5432/darkroom")
        .contains("kafka-bootstrap-servers: darkroom-kafka-kafka-bootstrap.darkroom-deps.svc:9092")
        .contains("maxReplicaCount: 2", "minReplicas: 1")
        .contains("cpu: 100m\n", "memory: 512Mi\n", "cpu: 250m\n", "memory: 768Mi\n")
        .doesNotContain("image: darkroom-api", "image: darkroom-worker", "example.internal");
    // every namespaced object in the base's namespace, the Namespace itself named after it
    assertThat(render.output().split("\n---\n"))
        .hasSize(15)
        .allSatisfy(
            object ->
                assertThat(object)
                    .containsAnyOf(
                        "  namespace: darkroom\n",
                        "kind: Namespace\nmetadata:\n  name: darkroom\n"));
  }

  @Test
  void shouldRejectAWorkerWithFixedReplicasAnIntegerLagThresholdAndNoLimits() throws Exception {
    Run check = check("fixtures/worker-fixed-replicas");

    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output())
        .contains("FAILED: 5 violation(s)")
        .contains(
            "Deployment/darkroom-worker: fixed spec.replicas 3, but ScaledObject/darkroom-worker scales it")
        .contains(
            "ScaledObject/darkroom-worker: triggers[0].metadata.lagThreshold is number 30, "
                + "KEDA reads only strings")
        .contains(
            "ScaledObject/darkroom-worker: schema: /spec/triggers/0/metadata/lagThreshold must be string")
        .contains("Deployment/darkroom-worker container worker: no resources.limits.cpu")
        .contains("Deployment/darkroom-worker container worker: no resources.limits.memory");
  }

  @Test
  void shouldRejectAFieldOfTheWrongTypeAgainstTheDeploymentSchema() throws Exception {
    Run check = check("fixtures/schema-violation");

    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output())
        .contains("FAILED: 1 violation(s)")
        .contains(
            "Deployment/darkroom-api: schema: /spec/template/spec/containers/0/ports/0/containerPort "
                + "must be integer");
  }

  @Test
  void shouldRefuseAKustomizationFieldItCannotRenderAsKustomizeWould() throws Exception {
    Run check = check("fixtures/unsupported-field");

    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output())
        .contains("cannot render: ")
        .contains("unsupported kustomization field(s) configMapGenerator");
  }

  @Test
  void shouldRejectCommittedSecretsUnpinnedImagesAndReferencesToNothing() throws Exception {
    Run check = check("fixtures/broken-references");

    assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
    assertThat(check.output())
        .contains("FAILED: 8 violation(s)")
        .contains("Secret/darkroom-api: commits values (stringData)")
        .contains(
            "Deployment/darkroom-api container api: image darkroom-api:latest uses the tag latest")
        .contains("Deployment/darkroom-worker container worker: image darkroom-worker has no tag")
        .contains(
            "Deployment/darkroom-api container api: readinessProbe port metrics is not a port of the container")
        .contains(
            "Service/darkroom-thumbnailer: selector {\"app.kubernetes.io/name\":\"darkroom-thumbnailer\"} "
                + "matches no workload's pods")
        .contains(
            "ScaledObject/darkroom-thumbnailer: scaleTargetRef Deployment/darkroom-thumbnailer is no "
                + "Deployment of this rendering")
        .contains(
            "ScaledObject/darkroom-thumbnailer: maxReplicaCount 12 x 2 consumer threads"
                + " (worker-concurrency) is above the 12 partitions")
        .contains("Frobnicator/darkroom: unknown kind darkroom.io/v1 Frobnicator");
  }

  private static Run check(String kustomization) throws Exception {
    return run(CHECK_TIMEOUT, "node", "check.mjs", kustomization);
  }

  /**
   * Runs a program in k8s/check, its output in a file (no pipe to fill up), bounded by the timeout.
   */
  private static Run run(Duration timeout, String... command) throws Exception {
    Path log =
        Files.createTempFile(
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"))),
            "k8s-check",
            ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(CHECK.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError(
            String.join(" ", command)
                + " did not finish within "
                + timeout
                + ":\n"
                + Files.readString(log));
      }
      return new Run(process.exitValue(), Files.readString(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private record Run(int exitCode, String output) {}
}
