package io.darkroom.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
      Set<String> known = new LinkedHashSet<>();
      flatten("", yaml(home.resolve(module + "/src/main/resources/application.yml")), known);
      for (String variable : environment.keySet()) {
        assertThat(known)
            .as("%s sets %s, which no key of %s/application.yml reads", module, variable, module)
            .contains(variable);
      }
    }
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
