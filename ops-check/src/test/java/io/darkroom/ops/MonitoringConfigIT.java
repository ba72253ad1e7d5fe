package io.darkroom.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What monitoring/ deploys, checked as Prometheus and Grafana would read it: the Prometheus
 * configuration with the rule files it loads, the alert rules and their unit tests (promtool, from
 * Debian's prometheus package), a broken rule file that must be refused, and the dashboard's data
 * sources against the provisioned one.
 *
 * <p>prometheus.yml names its rule files relative to itself ({@code rules/darkroom.yml}), and
 * compose mounts the whole directory at /etc/prometheus: the same paths resolve on this machine and
 * in the container, so the committed file is checked as it is, with no copy.
 */
class MonitoringConfigIT {
  private static final Path HOME = Path.of(System.getProperty("darkroom.home"));
  private static final Path PROMETHEUS = HOME.resolve("monitoring/prometheus");
  private static final Path GRAFANA = HOME.resolve("monitoring/grafana");

  @Test
  void shouldAcceptThePrometheusConfigurationWithTheRuleFilesItLoads() throws Exception {
    Result check = promtool("check", "config", "prometheus.yml");

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output())
        .contains("SUCCESS: 1 rule files found")
        .contains("SUCCESS: 6 rules found");
  }

  @Test
  void shouldAcceptTheAlertRulesEachWithADelaySeverityAndItsRunbook() throws Exception {
    Result check = promtool("check", "rules", "rules/darkroom.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 6 rules found");

    String alertList = Files.readString(HOME.resolve("monitoring/ALERTS.md"));
    List<Map<String, Object>> rules = rules();
    assertThat(rules)
        .extracting(rule -> rule.get("alert"))
        .containsExactlyInAnyOrder(
            "DarkroomBacklogOld",
            "DarkroomCommandsLagGrowing",
            "DarkroomWorkerGaveUp",
            "DarkroomOutboxOld",
            "DarkroomFailureRatioHigh",
            "DarkroomTargetDown");
    for (Map<String, Object> rule : rules) {
      String name = String.valueOf(rule.get("alert"));
      assertThat(rule.get("for")).as("%s waits before firing", name).isNotNull();
      assertThat(map(rule.get("labels")).get("severity"))
          .as("%s's severity", name)
          .isIn("warning", "critical");
      Map<String, Object> annotations = map(rule.get("annotations"));
      assertThat(annotations).as(name).containsKeys("summary", "description", "runbook");
      String anchor = "alert-" + name.toLowerCase(Locale.ROOT);
      assertThat(annotations.get("runbook")).isEqualTo("monitoring/ALERTS.md#" + anchor);
      assertThat(alertList)
          .as("monitoring/ALERTS.md explains %s under a heading whose anchor is #%s", name, anchor)
          .contains("\n## Alert: " + name + "\n");
    }
  }

  /** Every alert has a test in which it fires and one in which it stays silent. */
  @Test
  @SuppressWarnings("unchecked")
  void shouldPassTheRulesUnitTestsWhichFireAndSilenceEveryAlert() throws Exception {
    Result test = promtool("test", "rules", "rules/darkroom.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");

    Set<String> fired = new LinkedHashSet<>();
    Set<String> silent = new LinkedHashSet<>();
    for (Map<String, Object> group :
        (List<Map<String, Object>>)
            yaml(PROMETHEUS.resolve("rules/darkroom.test.yml")).get("tests")) {
      for (Map<String, Object> check :
          (List<Map<String, Object>>) group.getOrDefault("alert_rule_test", List.of())) {
        List<?> expected = (List<?>) check.get("exp_alerts");
        (expected == null || expected.isEmpty() ? silent : fired)
            .add(String.valueOf(check.get("alertname")));
      }
    }
    List<Object> alerts = rules().stream().map(rule -> rule.get("alert")).toList();
    assertThat(fired)
        .as("alerts tested firing")
        .containsExactlyInAnyOrderElementsOf(asStrings(alerts));
    assertThat(silent)
        .as("alerts tested silent")
        .containsExactlyInAnyOrderElementsOf(asStrings(alerts));
  }

  @Test
  void shouldRejectABrokenRuleFileWithTheReasons() throws Exception {
    Result check = promtool("check", "rules", "fixtures/broken-rules.yml");

    assertThat(check.exitCode()).as(check.output()).isNotZero();
    assertThat(check.output())
        .contains("\"BadPromQL\": could not parse expression")
        .contains("\"MissingExpr\": field 'expr' must be set in rule");
  }

  /** Panels name their data source by the provisioned uid, never by a name or the default. */
  @Test
  @SuppressWarnings("unchecked")
  void shouldUseTheProvisionedDataSourceUidInEveryPanelAndQuery() throws Exception {
    Set<String> provisioned = new LinkedHashSet<>();
    for (Map<String, Object> source :
        (List<Map<String, Object>>)
            yaml(GRAFANA.resolve("provisioning/datasources/prometheus.yml")).get("datasources")) {
      assertThat(source.get("uid")).as("a provisioned data source has a fixed uid").isNotNull();
      provisioned.add(String.valueOf(source.get("uid")));
    }
    Map<String, Object> provider =
        ((List<Map<String, Object>>)
                yaml(GRAFANA.resolve("provisioning/dashboards/darkroom.yml")).get("providers"))
            .get(0);
    assertThat(provider.get("type")).isEqualTo("file");

    Map<String, Object> dashboard = yaml(GRAFANA.resolve("dashboards/darkroom.json"));
    List<Map<String, Object>> panels = (List<Map<String, Object>>) dashboard.get("panels");
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
    Set<Object> ids = new LinkedHashSet<>();
    for (Map<String, Object> panel : panels) {
      String title = String.valueOf(panel.get("title"));
      assertThat(ids.add(panel.get("id"))).as("%s has an id of its own", title).isTrue();
      assertThat(map(panel.get("datasource")).get("uid")).as(title).isIn(provisioned.toArray());
      List<Map<String, Object>> targets = (List<Map<String, Object>>) panel.get("targets");
      assertThat(targets).as("%s queries something", title).isNotEmpty();
      for (Map<String, Object> target : targets) {
        assertThat(map(target.get("datasource")).get("uid")).as(title).isIn(provisioned.toArray());
        assertThat(String.valueOf(target.get("expr"))).as(title).isNotBlank();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rules() throws IOException {
    List<Map<String, Object>> rules = new ArrayList<>();
    for (Map<String, Object> group :
        (List<Map<String, Object>>) yaml(PROMETHEUS.resolve("rules/darkroom.yml")).get("groups")) {
      rules.addAll((List<Map<String, Object>>) group.get("rules"));
    }
    return rules;
  }

  private static List<String> asStrings(List<Object> values) {
    return values.stream().map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new Yaml().load(in);
    }
  }

  private record Result(int exitCode, String output) {}

  /** promtool run in monitoring/prometheus, as Prometheus resolves the config's paths there. */
  private static Result promtool(String... arguments) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(promtoolBinary().toString());
    command.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(command)
            .directory(PROMETHEUS.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  private static Path promtoolBinary() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return fail(
        "promtool is not on the PATH: install Debian's prometheus package"
            + " (apt-get install prometheus; .ci/run does it when promtool is missing)");
  }
}
