package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run on the build machines, so docker-compose.yml is checked statically: against the
 * Compose schema and dclint's correctness rules (npm), and against the services' own configuration
 * so that every setting compose passes names a key the application reads.
 */
class ComposeFileIT {
  private final Path home = Path.of(System.getProperty("darkroom.home"));

  @Test
  void shouldMatchTheComposeSchemaAndLintRules() throws Exception {
    Process dclint =
        new ProcessBuilder("npx", "--yes", "dclint@3.1.0", "docker-compose.yml")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(dclint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(dclint.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(dclint.exitValue()).as(output).isZero();
  }

  /**
   * The image build runs Maven on the reactor: a module the parent pom names but the Dockerfile
   * does not copy fails every docker build, which no test of ours runs.
   */
  @Test
  void shouldCopyEveryModuleOfTheReactorIntoTheImageBuild() throws Exception {
    String dockerfile = Files.readString(home.resolve("docker/app.Dockerfile"));
    Matcher module =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(home.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (module.find()) {
      modules.add(module.group(1));
    }

    assertThat(modules).contains("api", "worker", "test-kit");
    for (String name : modules) {
      assertThat(dockerfile)
          .as("docker/app.Dockerfile copies module %s", name)
          .containsAnyOf(
              "COPY " + name + " " + name + "\n",
              "COPY " + name + "/pom.xml " + name + "/pom.xml\n");
    }
  }

  /**
   * The image installs libjpeg-turbo's TurboJPEG library, and compose and Kubernetes run the worker
   * with {@code libjpeg-turbo} required, so a deployment never falls back to the Java decoder
   * unnoticed (the decoder a worker runs is otherwise chosen by what it finds).
   */
  @Test
  void shouldInstallLibjpegTurboInTheImageAndRequireItOfDeployedWorkers() throws Exception {
    String dockerfile = Files.readString(home.resolve("docker/app.Dockerfile"));
    Matcher install = Pattern.compile("apt-get install ([^\\n]|\\\\\\n)*").matcher(dockerfile);
    assertThat(install.find()).as(dockerfile).isTrue();
    assertThat(install.group()).contains(" libturbojpeg0 ");

    Map<String, Object> compose = yaml(home.resolve("docker-compose.yml"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    assertThat(services.get("worker").get("environment"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("DARKROOM_PIPELINE_JPEG_DECODER", "libjpeg-turbo");
    assertThat(Files.readString(home.resolve("k8s/base/worker-deployment.yaml")))
        .containsPattern("name: DARKROOM_PIPELINE_JPEG_DECODER\\s+value: libjpeg-turbo");
  }

  /**
   * Micronaut's own settings that compose passes but application.yml must leave unset: with {@code
   * endpoints.all.port} set, /health and /prometheus leave the server's port (compose moves them to
   * 8085, which only Prometheus reaches); the local run and the tests keep them on it.
   */
  private static final Set<String> FRAMEWORK_SETTINGS = Set.of("ENDPOINTS_ALL_PORT");

  @Test
  void shouldOnlyPassSettingsTheServicesRead() throws Exception {
    Map<String, Object> compose = yaml(home.resolve("docker-compose.yml"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    for (String module : List.of("api", "worker")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> environment =
          (Map<String, Object>) services.get(module).get("environment");
      Set<String> known = new LinkedHashSet<>(FRAMEWORK_SETTINGS);
      flatten("", yaml(home.resolve(module + "/src/main/resources/application.yml")), known);
      for (String variable : environment.keySet()) {
        assertThat(known)
            .as("%s sets %s, which no key of %s/application.yml reads", module, variable, module)
            .contains(variable);
      }
    }
  }

  /**
   * {@code cp .env.example .env && docker compose up} must refuse to start. Compose refuses to
   * render a file whose {@code ${NAME:?message}} variable is unset or empty (the Compose
   * specification's interpolation rules; no Docker here to run {@code docker compose config}), so:
   * every secret of .env.example is empty, and the compose file reads each one only in that form.
   */
  @Test
  void shouldRefuseToStartWithEnvExampleCopiedAsItIs() throws Exception {
    Map<String, String> example = new LinkedHashMap<>();
    for (String line : Files.readAllLines(home.resolve(".env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        example.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    Set<String> secrets = new LinkedHashSet<>();
    for (String name : example.keySet()) {
      if (name.matches(".*(PASSWORD|SECRET|SECRET_KEY)")) {
        secrets.add(name);
      }
    }
    assertThat(secrets)
        .containsExactlyInAnyOrder(
            "POSTGRES_PASSWORD",
            "MINIO_ROOT_PASSWORD",
            "MINIO_API_SECRET_KEY",
            "MINIO_WORKER_SECRET_KEY",
            "DARKROOM_AUTH_JWT_SECRET",
            "GRAFANA_ADMIN_PASSWORD");
    String compose = Files.readString(home.resolve("docker-compose.yml"));
    for (String secret : secrets) {
      assertThat(example.get(secret)).as("%s in .env.example", secret).isEmpty();
      Matcher uses = Pattern.compile("\\$\\{" + secret + "([^}]*)}").matcher(compose);
      int count = 0;
      while (uses.find()) {
        count++;
        assertThat(uses.group(1)).as("compose reads %s", secret).startsWith(":?");
      }
      assertThat(count).as("compose reads %s", secret).isPositive();
    }
  }

  /**
   * The root storage credentials reach minio and minio-init only; the api and the worker each have
   * a user of their own, and the worker's policy lets it read and write originals (it stores what
   * an import's URL answered there; never a client's upload) and write renditions, nothing else.
   */
  @Test
  void shouldGiveEachServiceStorageCredentialsOfItsOwnWithOnlyWhatItDoes() throws Exception {
    Map<String, Object> compose = yaml(home.resolve("docker-compose.yml"));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      String environment = String.valueOf(service.getValue().get("environment"));
      if (!Set.of("minio", "minio-init").contains(service.getKey())) {
        assertThat(environment).as(service.getKey()).doesNotContain("MINIO_ROOT");
      }
    }
    assertThat(environmentOf(services, "api"))
        .containsEntry("DARKROOM_STORAGE_ACCESS_KEY", "darkroom-api");
    assertThat(environmentOf(services, "worker"))
        .containsEntry("DARKROOM_STORAGE_ACCESS_KEY", "darkroom-worker");
    assertThat(String.valueOf(services.get("minio-init").get("entrypoint")))
        .contains("/policies/init.sh");
    assertThat(environmentOf(services, "minio"))
        .as("browsers upload from the console's origin only")
        .containsEntry(
            "MINIO_API_CORS_ALLOW_ORIGIN", "${DARKROOM_CONSOLE_ORIGIN:-http://localhost:8080}");

    Map<String, Set<String>> worker = grants(home.resolve("docker/minio/worker-policy.json"));
    assertThat(worker)
        .containsOnly(
            Map.entry("arn:aws:s3:::uploads/*/original", Set.of("s3:GetObject", "s3:PutObject")),
            Map.entry(
                "arn:aws:s3:::processed/*",
                Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject")));
    Map<String, Set<String>> api = grants(home.resolve("docker/minio/api-policy.json"));
    assertThat(api.values().stream().flatMap(Set::stream))
        .allMatch(action -> action.startsWith("s3:"))
        .doesNotContain("s3:*", "s3:PutBucketPolicy", "s3:DeleteBucket");
    assertThat(api.get("arn:aws:s3:::processed/*"))
        .as("renditions are the worker's to write")
        .doesNotContain("s3:PutObject");
  }

  /**
   * Every image is pinned to a version (a rebuild months later runs what was tested), and the
   * monitoring services are wired as monitoring/prometheus/prometheus.yml expects: the api's
   * management port is the one scraped and health-checked and is not published, Prometheus and
   * Grafana listen on BIND_ADDRESS only, read their configuration read-only, and Grafana has no
   * anonymous access and no default admin password.
   */
  @Test
  @SuppressWarnings("unchecked")
  void shouldPinEveryImageAndWireTheMonitoringServices() throws Exception {
    Map<String, Object> compose = yaml(home.resolve("docker-compose.yml"));
    Map<String, Map<String, Object>> services =
        (Map<String, Map<String, Object>>) compose.get("services");
    for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
      Object image = service.getValue().get("image");
      if (image != null) {
        assertThat(String.valueOf(image))
            .as("%s's image", service.getKey())
            .matches("[a-z0-9./_-]+:[A-Za-z0-9._-]*[0-9][A-Za-z0-9._-]*")
            .doesNotContain(":latest");
      }
    }
    assertThat(services).containsKeys("prometheus", "grafana");

    Map<String, Object> api = services.get("api");
    assertThat(environmentOf(services, "api"))
        .containsEntry("ENDPOINTS_ALL_PORT", 8085)
        .containsEntry("DARKROOM_AUTH_METRICS_ACCESS", "isAnonymous()");
    assertThat(String.valueOf(((Map<String, Object>) api.get("healthcheck")).get("test")))
        .contains("http://localhost:8085/health/readiness");
    assertThat((List<String>) api.get("ports"))
        .as("the management port is Prometheus' only")
        .noneMatch(port -> port.contains("8085"));

    Map<String, Object> scrape = yaml(home.resolve("monitoring/prometheus/prometheus.yml"));
    Map<String, String> targets = new LinkedHashMap<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) scrape.get("scrape_configs")) {
      for (Map<String, Object> dns :
          (List<Map<String, Object>>) job.getOrDefault("dns_sd_configs", List.of())) {
        assertThat(job.get("metrics_path")).isEqualTo("/prometheus");
        assertThat(dns.get("type")).isEqualTo("A");
        targets.put(((List<String>) dns.get("names")).get(0), String.valueOf(dns.get("port")));
      }
    }
    Map<String, Object> workerServer =
        (Map<String, Object>)
            ((Map<String, Object>)
                    yaml(home.resolve("worker/src/main/resources/application.yml"))
                        .get("micronaut"))
                .get("server");
    assertThat(targets)
        .as("every api and worker replica, found by its service name")
        .containsOnly(
            Map.entry("api", "8085"),
            Map.entry("worker", String.valueOf(workerServer.get("port"))));

    for (String name : List.of("prometheus", "grafana")) {
      Map<String, Object> service = services.get(name);
      assertThat((List<String>) service.get("ports"))
          .as("%s listens on BIND_ADDRESS only", name)
          .allMatch(port -> port.startsWith("${BIND_ADDRESS:-127.0.0.1}:"));
      assertThat((List<String>) service.get("volumes"))
          .as("%s reads its configuration read-only", name)
          .filteredOn(volume -> volume.startsWith("./"))
          .isNotEmpty()
          .allMatch(volume -> volume.endsWith(":ro"));
    }
    assertThat(String.valueOf(services.get("prometheus").get("command")))
        .contains("--config.file=/etc/prometheus/prometheus.yml")
        .contains("--storage.tsdb.retention.time=");
    assertThat(environmentOf(services, "grafana"))
        .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "false")
        .containsEntry(
            "GF_SECURITY_ADMIN_PASSWORD",
            "${GRAFANA_ADMIN_PASSWORD:?set GRAFANA_ADMIN_PASSWORD in .env}");
  }

  /**
   * minio-init's script, run by sh against a stand-in for {@code mc} that records its arguments: it
   * refuses short, placeholder and shared secrets before touching storage, and otherwise makes each
   * service's user with its policy.
   */
  @Test
  void shouldHaveMinioInitRefuseWeakSecretsAndMakeOneUserPerService(@TempDir Path bin)
      throws Exception {
    Path calls = bin.resolve("calls");
    Path mc = bin.resolve("mc");
    Files.writeString(
        mc,
        "#!/bin/sh\n"
            + "echo \"$*\" >> '"
            + calls
            + "'\n"
            + "case \"$*\" in *'user info'*) echo \"{\\\"policyName\\\":\\\"$5\\\"}\";; esac\n");
    mc.toFile().setExecutable(true);
    String root = "r".repeat(24);
    String api = "a".repeat(24);
    String worker = "w".repeat(24);

    assertThat(minioInit(bin, root, "short", worker)).contains("MINIO_API_SECRET_KEY must have");
    assertThat(minioInit(bin, root, "CHANGE_ME_generate_with_openssl", worker))
        .contains("MINIO_API_SECRET_KEY is still the placeholder");
    assertThat(minioInit(bin, root, root, worker)).contains("must all differ");
    assertThat(calls).doesNotExist();

    assertThat(minioInit(bin, root, api, worker))
        .contains("darkroom-api can do what api-policy.json allows")
        .contains("darkroom-worker can do what worker-policy.json allows");
    assertThat(Files.readAllLines(calls))
        .contains(
            "admin user add local darkroom-api " + api,
            "admin policy create local darkroom-api /policies/api-policy.json",
            "admin policy attach local darkroom-api --user darkroom-api",
            "admin user add local darkroom-worker " + worker,
            "admin policy create local darkroom-worker /policies/worker-policy.json");
  }

  private String minioInit(Path bin, String root, String api, String worker) throws Exception {
    ProcessBuilder sh =
        new ProcessBuilder("sh", home.resolve("docker/minio/init.sh").toString())
            .redirectErrorStream(true);
    sh.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    sh.environment().put("MINIO_ROOT_USER", "darkroom");
    sh.environment().put("MINIO_ROOT_PASSWORD", root);
    sh.environment().put("MINIO_API_SECRET_KEY", api);
    sh.environment().put("MINIO_WORKER_SECRET_KEY", worker);
    Process process = sh.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environmentOf(
      Map<String, Map<String, Object>> services, String name) {
    return (Map<String, Object>) services.get(name).get("environment");
  }

  /** Resource to the actions a policy allows on it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Set<String>> grants(Path policy) throws IOException {
    Map<String, Object> document = yaml(policy); // JSON is YAML
    Map<String, Set<String>> grants = new LinkedHashMap<>();
    for (Map<String, Object> statement : (List<Map<String, Object>>) document.get("Statement")) {
      assertThat(statement.get("Effect")).isEqualTo("Allow");
      for (String resource : (List<String>) statement.get("Resource")) {
        grants
            .computeIfAbsent(resource, r -> new LinkedHashSet<>())
            .addAll((List<String>) statement.get("Action"));
      }
    }
    return grants;
  }

  /** Every key of a YAML tree as the environment variable Micronaut maps to it. */
  private static void flatten(String prefix, Map<String, Object> tree, Set<String> into) {
    for (Map.Entry<String, Object> entry : tree.entrySet()) {
      String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> child) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) child;
        flatten(key, map, into);
      } else {
        into.add(key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
      }
    }
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Yaml().load(in);
    }
  }
}
